package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.streamapp.CommittedPredictions;
import java.util.Set;
import java.util.UUID;

/**
 * A round's exactly-once check, event by event: every prediction read back (read_committed, every partition of every
 * device's topic) matched by event id to the events sent, so that a loss and a duplicate cannot pass as a right count.
 *
 * @param sent        events sent in the round (both phases, warm-up included)
 * @param predictions predictions read, duplicates included
 * @param missing     events sent that have no prediction
 * @param duplicates  predictions beyond the first of an event
 * @param unknown     events with a prediction that the round did not send
 */
record EventCheck(long sent, long predictions, long missing, long duplicates, long unknown) {

    /** The check of {@code read} against the events {@code sent}. */
    static EventCheck of(Set<UUID> sent, CommittedPredictions read) {
        long unknown = read.eventIds().stream().filter(id -> !sent.contains(id)).count();
        return new EventCheck(sent.size(), read.total(), read.missing(sent), read.duplicates(sent), unknown);
    }

    /** Whether every event sent got exactly one prediction, and no other prediction came. */
    boolean exactlyOnce() {
        return missing == 0 && duplicates == 0 && unknown == 0 && predictions == sent;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%,d predictions for %,d events: %,d missing, %,d duplicates, "
                + "%,d unknown", predictions, sent, missing, duplicates, unknown);
    }
}
