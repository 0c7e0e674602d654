package dev.fleetinference.streamapp.pipeline;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.model.CurrentModel;
import dev.fleetinference.streamapp.model.LoadedModel;
import dev.fleetinference.streamapp.model.ModelLease;
import dev.fleetinference.streamapp.model.ModelSpec;
import dev.fleetinference.streamapp.ops.PipelineMetrics;
import dev.fleetinference.streamapp.validation.FeatureRow;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Scores one event with the model in production now and makes its {@link Prediction} (see {@link Predictions}): one
 * model call per event, the path with batching off. The model is leased for the call, so a hot swap never closes it
 * under the event; its features are checked against that same model's signature.
 */
public final class Scorer {

    private final CurrentModel model;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final ScoringMode mode;

    public Scorer(CurrentModel model, PipelineMetrics metrics, Clock clock) {
        this(model, metrics, clock, ScoringMode.MODEL);
    }

    public Scorer(CurrentModel model, PipelineMetrics metrics, Clock clock, ScoringMode mode) {
        this.model = Objects.requireNonNull(model, "model");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** The prediction for {@code event}; an {@code InvalidEventException} if its features do not fit the model. */
    public Prediction score(String deviceId, FeatureEvent event) {
        try (ModelLease lease = lease(model)) {
            LoadedModel loaded = lease.model();
            ModelSpec spec = loaded.spec();
            float[][] rows = {FeatureRow.of(event, spec)};
            long start = System.nanoTime();
            float score = mode.score(loaded, rows)[0];
            metrics.inferenceCall(System.nanoTime() - start);
            Instant scoredTime = clock.instant();
            metrics.scored(spec, event.getEventTime(), scoredTime);
            return Predictions.of(event, spec, score, scoredTime, mode);
        }
    }

    /** Leases the current model; a {@link ModelUnavailableException} (retry, not dead-letter) if there is none. */
    public static ModelLease lease(CurrentModel model) {
        try {
            return model.acquire();
        } catch (IllegalStateException e) {
            throw new ModelUnavailableException("no model to score with: " + e.getMessage(), e);
        }
    }
}
