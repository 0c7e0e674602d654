package dev.fleetinference.trainer;

import java.util.Random;

/** The network's parameters as plain arrays: seeded initial values going in, trained values coming out. */
final class NetworkWeights {

    private final float[][] hiddenWeights;
    private final float[] hiddenBias;
    private final float[][] outputWeights;
    private final float[] outputBias;

    /**
     * @param hiddenWeights [inputs][hidden]
     * @param hiddenBias    [hidden]
     * @param outputWeights [hidden][1]
     * @param outputBias    [1]
     */
    NetworkWeights(float[][] hiddenWeights, float[] hiddenBias, float[][] outputWeights, float[] outputBias) {
        if (hiddenWeights.length == 0 || hiddenWeights[0].length != hiddenBias.length
                || outputWeights.length != hiddenBias.length || outputBias.length != 1) {
            throw new IllegalArgumentException("inconsistent layer shapes");
        }
        this.hiddenWeights = hiddenWeights;
        this.hiddenBias = hiddenBias;
        this.outputWeights = outputWeights;
        this.outputBias = outputBias;
    }

    /**
     * Glorot-uniform weights and zero biases, drawn in Java from {@code seed}: TensorFlow's own random initialisers
     * would make the starting point depend on graph seeds and op creation order.
     */
    static NetworkWeights glorotUniform(int inputs, int hidden, long seed) {
        Random random = new Random(seed);
        return new NetworkWeights(uniform(inputs, hidden, random), new float[hidden],
                uniform(hidden, 1, random), new float[1]);
    }

    int hiddenUnits() {
        return hiddenBias.length;
    }

    float[][] hiddenWeights() {
        return hiddenWeights;
    }

    float[] hiddenBias() {
        return hiddenBias;
    }

    float[][] outputWeights() {
        return outputWeights;
    }

    float[] outputBias() {
        return outputBias;
    }

    private static float[][] uniform(int fanIn, int fanOut, Random random) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[][] weights = new float[fanIn][fanOut];
        for (float[] row : weights) {
            for (int j = 0; j < fanOut; j++) {
                row[j] = (float) ((2 * random.nextDouble() - 1) * limit);
            }
        }
        return weights;
    }
}
