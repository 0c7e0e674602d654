package dev.fleetinference.streamapp.batching;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;

/** What the batch scorer makes of a buffered event: its prediction, or its refusal. */
public sealed interface ScoringOutcome {

    /** The event's prediction, ready for its device's topic. */
    record Scored(Prediction prediction) implements ScoringOutcome {
    }

    /**
     * An event that no longer fits the model once it is scored: one restored from the changelog after a restart,
     * when the model in production has changed meanwhile. Its dead letter is re-encoded, its reason in headers.
     */
    record Rejected(FeatureEvent event) implements ScoringOutcome {
    }
}
