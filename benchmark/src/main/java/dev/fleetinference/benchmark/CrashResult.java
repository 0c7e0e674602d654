package dev.fleetinference.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the crash run found: the events sent, what a read_committed reader got back after the kills, and how long
 * each restart took to recover.
 *
 * @param events      events sent (every one must get exactly one prediction)
 * @param predictions predictions read back, duplicates included
 * @param missing     events with no prediction
 * @param duplicates  predictions beyond the first for an event
 * @param kills       each SIGKILL, in order
 * @param wallSeconds the whole crash run, from creating its topics to the last prediction read
 */
record CrashResult(long events, long predictions, long missing, long duplicates, List<Kill> kills,
                   double wallSeconds) {

    /**
     * One SIGKILL and the restart after it.
     *
     * @param number          1 on
     * @param committedAtKill events the app had committed (offsets and predictions) when it was killed
     * @param backlog         events sent but not yet committed then: what the next incarnation had to catch up
     * @param restored        events the killed incarnation had read and committed in its buffer, unscored, that the
     *                        next one scored: how many a kill left in batches
     * @param readyMillis     kill to the next incarnation's {@code /health/ready}
     * @param flowingMillis   kill to its first committed transaction: predictions visible again
     */
    record Kill(int number, long committedAtKill, long backlog, long restored, long readyMillis,
                long flowingMillis) {
    }

    CrashResult {
        kills = List.copyOf(kills);
    }

    /** Events restored from a committed buffer and scored after a kill, over every kill. */
    long restored() {
        return kills.stream().mapToLong(Kill::restored).sum();
    }

    /** Whether every event got exactly one prediction. */
    @JsonProperty("exactlyOnce")
    boolean exactlyOnce() {
        return missing == 0 && duplicates == 0;
    }
}
