package dev.fleetinference.trainer;

import java.util.Random;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Trains the anomaly network with Adam on class-weighted binary cross-entropy, one shuffled mini-batch at a time. */
final class ClassifierTrainer {

    private static final long BATCH_ORDER_STREAM = 0x0BA7C4L;

    private final Hyperparameters hyperparameters;
    private final Consumer<EpochProgress> progress;

    ClassifierTrainer(Hyperparameters hyperparameters, Consumer<EpochProgress> progress) {
        this.hyperparameters = hyperparameters;
        this.progress = progress;
    }

    /** The trained weights; {@code scaling} standardises the raw features in front of the network. */
    NetworkWeights train(Examples training, Examples validation, Standardisation scaling) {
        int positives = training.positives();
        if (positives == 0 || positives == training.size()) {
            throw new IllegalArgumentException("the training split needs both classes, has " + positives
                    + " anomalous of " + training.size() + " samples");
        }
        // anomalies are the rarer class: weighting them by negatives/positives balances the two in the loss
        float positiveWeight = (training.size() - positives) / (float) positives;
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> features = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, Examples.FEATURES)));
            Placeholder<TFloat32> labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
            AnomalyNetwork network = new AnomalyNetwork(tf, NetworkWeights.glorotUniform(
                    Examples.FEATURES, hyperparameters.hiddenUnits(), hyperparameters.seed()));
            Operand<TFloat32> logits = network.logits(tf, scaling.apply(tf, features));
            Operand<TFloat32> scores = tf.math.sigmoid(logits);
            Operand<TFloat32> loss = weightedCrossEntropy(tf, logits, labels, positiveWeight);
            Op step = new OrderedAdam(graph, hyperparameters.learningRate()).minimize(loss, "train_step");

            try (Session session = SingleThreadedSession.open(graph);
                 TFloat32 validationFeatures = FeatureTensors.matrix(
                         validation.flatFeatures(), validation.size(), Examples.FEATURES)) {
                int[] order = identity(training.size());
                Random batchOrder = new Random(hyperparameters.seed() ^ BATCH_ORDER_STREAM);
                for (int epoch = 1; epoch <= hyperparameters.epochs(); epoch++) {
                    shuffle(order, batchOrder);
                    double epochLoss = runEpoch(session, training, order, features, labels, step, loss);
                    float[] validationScores;
                    try (Result result = session.runner().feed(features, validationFeatures).fetch(scores).run()) {
                        validationScores = FeatureTensors.column((TFloat32) result.get(0));
                    }
                    progress.accept(new EpochProgress(epoch, hyperparameters.epochs(), epochLoss,
                            RocAuc.of(validationScores, validation.labels())));
                }
                return network.read(session);
            }
        }
    }

    /** One pass over the training rows in {@code order}; returns the mean loss. */
    private double runEpoch(Session session, Examples training, int[] order, Placeholder<TFloat32> features,
                            Placeholder<TFloat32> labels, Op step, Operand<TFloat32> loss) {
        double lossSum = 0;
        int batchSize = hyperparameters.batchSize();
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            try (TFloat32 batchFeatures = FeatureTensors.matrix(
                         training.flatFeatures(order, from, to), to - from, Examples.FEATURES);
                 TFloat32 batchLabels = FeatureTensors.matrix(training.labels(order, from, to), to - from, 1);
                 Result result = session.runner()
                         .feed(features, batchFeatures).feed(labels, batchLabels)
                         .addTarget(step).fetch(loss).run()) {
                lossSum += ((TFloat32) result.get(0)).getFloat() * (to - from);
            }
        }
        return lossSum / order.length;
    }

    /**
     * Weighted mean of binary cross-entropy computed from logits as {@code max(z,0) - z*y + log(1+exp(-|z|))}, which
     * neither overflows nor takes the log of 0 when the sigmoid saturates.
     */
    private static Operand<TFloat32> weightedCrossEntropy(Ops tf, Operand<TFloat32> logits,
                                                         Operand<TFloat32> labels, float positiveWeight) {
        Operand<TFloat32> perExample = tf.math.add(
                tf.math.sub(tf.math.maximum(logits, tf.constant(0f)), tf.math.mul(logits, labels)),
                tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
        Operand<TFloat32> weights = tf.math.add(tf.constant(1f), tf.math.mul(labels, tf.constant(positiveWeight - 1)));
        Operand<TInt32> allAxes = tf.constant(new int[] {0, 1});
        return tf.math.div(tf.reduceSum(tf.math.mul(weights, perExample), allAxes), tf.reduceSum(weights, allAxes));
    }

    private static int[] identity(int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return order;
    }

    // Fisher-Yates with our own Random, so the batch order depends on the seed alone
    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
