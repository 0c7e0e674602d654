package dev.fleetinference.trainer;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Per-feature mean and standard deviation of the training split, applied inside the graph as constants so that
 * devices send raw readings and the model standardises them itself.
 */
final class Standardisation {

    // a constant feature (std 0) would divide by zero; it carries no information, so it is only centred
    private static final double MIN_STD = 1e-6;

    private final float[] means;
    private final float[] stds;

    private Standardisation(float[] means, float[] stds) {
        this.means = means;
        this.stds = stds;
    }

    static Standardisation fit(Examples examples) {
        int columns = Examples.FEATURES;
        float[] means = new float[columns];
        float[] stds = new float[columns];
        for (int column = 0; column < columns; column++) {
            double mean = 0;
            double squaredDeviations = 0;
            for (int row = 0; row < examples.size(); row++) {
                double value = examples.feature(row, column);
                double delta = value - mean;
                mean += delta / (row + 1);
                squaredDeviations += delta * (value - mean);
            }
            double std = Math.sqrt(squaredDeviations / Math.max(1, examples.size()));
            means[column] = (float) mean;
            stds[column] = (float) (std < MIN_STD ? 1 : std);
        }
        return new Standardisation(means, stds);
    }

    float[] means() {
        return means.clone();
    }

    float[] stds() {
        return stds.clone();
    }

    /** {@code (raw - mean) / std}, column by column, as graph operations. */
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> raw) {
        return tf.math.div(tf.math.sub(raw, tf.constant(means)), tf.constant(stds));
    }
}
