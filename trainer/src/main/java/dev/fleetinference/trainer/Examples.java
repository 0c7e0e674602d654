package dev.fleetinference.trainer;

import dev.fleetinference.simulator.telemetry.FeatureNames;
import dev.fleetinference.simulator.telemetry.TelemetrySample;
import java.util.Arrays;
import java.util.List;

/** Labelled feature rows in contract order, each with the device it came from. Immutable. */
final class Examples {

    static final int FEATURES = FeatureNames.ORDERED.size();

    private final float[] features;
    private final boolean[] anomalous;
    private final String[] deviceIds;

    private Examples(float[] features, boolean[] anomalous, String[] deviceIds) {
        this.features = features;
        this.anomalous = anomalous;
        this.deviceIds = deviceIds;
    }

    static Examples of(List<TelemetrySample> samples) {
        float[] features = new float[samples.size() * FEATURES];
        boolean[] anomalous = new boolean[samples.size()];
        String[] deviceIds = new String[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            TelemetrySample sample = samples.get(i);
            System.arraycopy(sample.featureVector(), 0, features, i * FEATURES, FEATURES);
            anomalous[i] = sample.anomalous();
            deviceIds[i] = sample.deviceId();
        }
        return new Examples(features, anomalous, deviceIds);
    }

    int size() {
        return anomalous.length;
    }

    int positives() {
        int positives = 0;
        for (boolean label : anomalous) {
            positives += label ? 1 : 0;
        }
        return positives;
    }

    boolean anomalous(int row) {
        return anomalous[row];
    }

    String deviceId(int row) {
        return deviceIds[row];
    }

    float feature(int row, int column) {
        return features[row * FEATURES + column];
    }

    /** Every label, row by row. */
    boolean[] labels() {
        return anomalous.clone();
    }

    /** Every row, flattened row by row: the layout of a [size, 8] tensor. */
    float[] flatFeatures() {
        return features.clone();
    }

    /** Row {@code row} as a model input vector. */
    float[] row(int row) {
        return Arrays.copyOfRange(features, row * FEATURES, (row + 1) * FEATURES);
    }

    /** The rows at {@code indices[from..to)}, flattened: one mini-batch. */
    float[] flatFeatures(int[] indices, int from, int to) {
        float[] batch = new float[(to - from) * FEATURES];
        for (int i = from; i < to; i++) {
            System.arraycopy(features, indices[i] * FEATURES, batch, (i - from) * FEATURES, FEATURES);
        }
        return batch;
    }

    /** The labels at {@code indices[from..to)} as 0 or 1. */
    float[] labels(int[] indices, int from, int to) {
        float[] batch = new float[to - from];
        for (int i = from; i < to; i++) {
            batch[i - from] = anomalous[indices[i]] ? 1 : 0;
        }
        return batch;
    }

    /** A new set of the rows at {@code indices}, in that order. */
    Examples select(int[] indices) {
        float[] selected = flatFeatures(indices, 0, indices.length);
        boolean[] labels = new boolean[indices.length];
        String[] devices = new String[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = anomalous[indices[i]];
            devices[i] = deviceIds[indices[i]];
        }
        return new Examples(selected, labels, devices);
    }
}
