package dev.fleetinference.trainer;

/**
 * How a model is trained; with the dataset size, everything needed to train it again.
 *
 * @param seed         seeds the data, the device split, the initial weights and the batch order
 * @param hiddenUnits  width of the single hidden (ReLU) layer
 * @param batchSize    examples per Adam step
 * @param learningRate Adam's step size
 */
record Hyperparameters(long seed, int epochs, int hiddenUnits, int batchSize, float learningRate) {

    static final int DEFAULT_BATCH_SIZE = 256;
    static final float DEFAULT_LEARNING_RATE = 0.005f;

    Hyperparameters {
        if (epochs < 1 || hiddenUnits < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs, hiddenUnits, batchSize and learningRate must be positive, were "
                    + epochs + ", " + hiddenUnits + ", " + batchSize + ", " + learningRate);
        }
    }
}
