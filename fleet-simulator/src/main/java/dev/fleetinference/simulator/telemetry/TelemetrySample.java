package dev.fleetinference.simulator.telemetry;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One device's features for the window ending at {@code eventTime}, labelled with the failure active then.
 *
 * @param features  feature name to value, iterating in {@link FeatureNames#ORDERED} order; unmodifiable
 * @param anomalous the label: true once a failure is active, even while its signature is still faint
 */
public record TelemetrySample(String deviceId, Instant eventTime, Map<String, Float> features,
                              FailureMode failureMode, boolean anomalous) {

    public TelemetrySample {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(failureMode, "failureMode");
        if (anomalous == (failureMode == FailureMode.NONE)) {
            throw new IllegalArgumentException("sample from " + deviceId + " is labelled anomalous=" + anomalous
                    + " but its failure mode is " + failureMode);
        }
        // copied in contract order whatever order the caller's map had: iteration order is the model's input order
        LinkedHashMap<String, Float> ordered = new LinkedHashMap<>(FeatureNames.ORDERED.size() * 2);
        for (String name : FeatureNames.ORDERED) {
            Float value = features.get(name);
            if (value == null) {
                throw new IllegalArgumentException("sample from " + deviceId + " has no feature '" + name
                        + "' (it has " + features.keySet() + ")");
            }
            ordered.put(name, value);
        }
        if (features.size() != ordered.size()) {
            throw new IllegalArgumentException("sample from " + deviceId + " has features " + features.keySet()
                    + ", expected exactly " + FeatureNames.ORDERED);
        }
        features = Collections.unmodifiableMap(ordered);
    }

    /** The value of feature {@code name}. */
    public float feature(String name) {
        Float value = features.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no feature '" + name + "'; the features are " + FeatureNames.ORDERED);
        }
        return value;
    }

    /** The features as a model input row, in {@link FeatureNames#ORDERED} order. */
    public float[] featureVector() {
        float[] row = new float[FeatureNames.ORDERED.size()];
        int i = 0;
        for (Float value : features.values()) {
            row[i++] = value;
        }
        return row;
    }
}
