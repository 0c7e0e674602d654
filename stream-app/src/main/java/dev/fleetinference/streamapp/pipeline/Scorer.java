package dev.fleetinference.streamapp.pipeline;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.ModelLineage;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.model.CurrentModel;
import dev.fleetinference.streamapp.model.LoadedModel;
import dev.fleetinference.streamapp.model.ModelLease;
import dev.fleetinference.streamapp.model.ModelSpec;
import dev.fleetinference.streamapp.ops.PipelineMetrics;
import dev.fleetinference.streamapp.validation.FeatureRow;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Scores one event with the model in production now and makes its {@link Prediction}: lineage, score, label from the
 * model's threshold, event time and scoring time. The model is leased for the call, so a hot swap never closes it
 * under the event; its features are checked against that same model's signature.
 */
public final class Scorer {

    static final String ANOMALY = "anomaly";
    static final String NORMAL = "normal";
    /** The label when the model declares no threshold. */
    static final String UNLABELLED = "unlabelled";

    private final CurrentModel model;
    private final PipelineMetrics metrics;
    private final Clock clock;

    public Scorer(CurrentModel model, PipelineMetrics metrics, Clock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The prediction for {@code event}; an {@code InvalidEventException} if its features do not fit the model. */
    public Prediction score(String deviceId, FeatureEvent event) {
        try (ModelLease lease = lease()) {
            LoadedModel loaded = lease.model();
            ModelSpec spec = loaded.spec();
            float[][] rows = {FeatureRow.of(event, spec)};
            long start = System.nanoTime();
            float score = loaded.score(rows)[0];
            metrics.inferenceCall(System.nanoTime() - start);
            Instant scoredTime = clock.instant();
            metrics.scored(spec, event.getEventTime(), scoredTime);
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
    }

    private ModelLease lease() {
        try {
            return model.acquire();
        } catch (IllegalStateException e) {
            throw new ModelUnavailableException("no model to score with: " + e.getMessage(), e);
        }
    }

    private static String label(ModelSpec spec, float score) {
        return spec.threshold().map(threshold -> score >= threshold ? ANOMALY : NORMAL).orElse(UNLABELLED);
    }
}
