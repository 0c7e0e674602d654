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
    /**
     * The lineage and label of a prediction no model made ({@link ScoringMode#CONSTANT}, benchmarks only): version 0
     * and a digest of zeros name no registered artifact, so no consumer mistakes it for a score.
     */
    public static final ModelLineage CONSTANT_LINEAGE = new ModelLineage("constant", 0, "0".repeat(64));
    public static final String CONSTANT_LABEL = "constant";

    private Predictions() {
    }

    public static Prediction of(FeatureEvent event, ModelSpec spec, float score, Instant scoredTime) {
        return of(event, spec, score, scoredTime, ScoringMode.MODEL);
    }

    /** {@link #of(FeatureEvent, ModelSpec, float, Instant)}; under {@code CONSTANT}, a prediction that says so. */
    public static Prediction of(FeatureEvent event, ModelSpec spec, float score, Instant scoredTime,
                                ScoringMode mode) {
        boolean modelled = mode == ScoringMode.MODEL;
        return Prediction.newBuilder()
                .setEventId(event.getEventId())
                .setDeviceId(event.getDeviceId())
                .setModel(modelled ? new ModelLineage(spec.name(), spec.version(), spec.digest()) : CONSTANT_LINEAGE)
                .setScore(score)
                .setScores(Map.of(spec.outputName(), score))
                .setLabel(modelled ? label(spec, score) : CONSTANT_LABEL)
                .setEventTime(event.getEventTime())
                .setScoredTime(scoredTime)
                .build();
    }

    private static String label(ModelSpec spec, float score) {
        return spec.threshold().map(threshold -> score >= threshold ? ANOMALY : NORMAL).orElse(UNLABELLED);
    }
}
