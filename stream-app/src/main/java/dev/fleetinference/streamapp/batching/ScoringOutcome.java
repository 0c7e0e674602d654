package dev.fleetinference.streamapp.batching;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;

/**
 * What the batch scorer makes of a buffered event: its prediction, or its refusal. The topology splits the outcomes
 * by kind, then takes from each branch the one thing its kind holds.
 */
public sealed interface ScoringOutcome {

    /** The prediction of a {@link Scored} outcome. */
    Prediction prediction();

    /** The event of a {@link Rejected} outcome. */
    FeatureEvent rejectedEvent();

    /** The event's prediction, ready for its device's topic. */
    record Scored(Prediction prediction) implements ScoringOutcome {

        @Override
        public FeatureEvent rejectedEvent() {
            throw new IllegalStateException("event " + prediction.getEventId() + " was scored, not rejected");
        }
    }

    /**
     * An event that no longer fits the model once it is scored: one restored from the changelog after a restart,
     * when the model in production has changed meanwhile. Its dead letter is re-encoded, its reason in headers.
     */
    record Rejected(FeatureEvent rejectedEvent) implements ScoringOutcome {

        @Override
        public Prediction prediction() {
            throw new IllegalStateException("event " + rejectedEvent.getEventId() + " was rejected, not scored");
        }
    }
}
