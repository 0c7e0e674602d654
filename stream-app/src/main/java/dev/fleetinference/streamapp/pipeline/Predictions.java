package dev.fleetinference.streamapp.pipeline;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.ModelLineage;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.model.ModelSpec;
import java.time.Instant;
import java.util.Map;

/** Makes the {@link Prediction} of a scored event: lineage, score, label from the model's threshold, both times. */
public final class Predictions {

    static final String ANOMALY = "anomaly";
    static final String NORMAL = "normal";
    /** The label when the model declares no threshold. */
    static final String UNLABELLED = "unlabelled";

    private Predictions() {
    }

    public static Prediction of(FeatureEvent event, ModelSpec spec, float score, Instant scoredTime) {
        return Prediction.newBuilder()
                .setEventId(event.getEventId())
                .setDeviceId(event.getDeviceId())
                .setModel(new ModelLineage(spec.name(), spec.version(), spec.digest()))
                .setScore(score)
                .setScores(Map.of(spec.outputName(), score))
                .setLabel(label(spec, score))
                .setEventTime(event.getEventTime())
                .setScoredTime(scoredTime)
                .build();
    }

    private static String label(ModelSpec spec, float score) {
        return spec.threshold().map(threshold -> score >= threshold ? ANOMALY : NORMAL).orElse(UNLABELLED);
    }
}
