package dev.fleetinference.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How much one round of a variant does.
 *
 * @param round           1 on; 0 for the unrecorded warm-up round
 * @param events          events pre-loaded for the throughput phase
 * @param latencyWarmUp   how long the latency phase sends before it measures
 * @param latencyDuration how long it measures
 */
record RoundPlan(int round, int events, Duration latencyWarmUp, Duration latencyDuration) {

    /** A measured round of {@code events} pre-loaded events, its latency phase as the options say. */
    static RoundPlan measured(int round, int events, BenchOptions options) {
        return new RoundPlan(round, events, options.latencyWarmUp(), options.latencyDuration());
    }

    /** The warm-up round: a quarter of the events, a short latency phase, nothing recorded. */
    static RoundPlan warmUp(BenchOptions options) {
        return new RoundPlan(0, Math.max(1_000, options.events() / 4), Duration.ofSeconds(1),
                options.latencyDuration().compareTo(Duration.ofSeconds(2)) < 0 ? options.latencyDuration()
                        : Duration.ofSeconds(2));
    }

    /**
     * The variants in the order round {@code round} (1 on) runs them: {@code variants} rotated by one place a round,
     * so that whatever drifts over a run (the page cache, the JIT, the broker's log segments, other work on the
     * machine) does not always fall on the same variant, and over as many rounds as variants each runs once at each
     * place.
     */
    static <T> List<T> order(List<T> variants, int round) {
        List<T> order = new ArrayList<>(variants);
        if (!order.isEmpty()) {
            Collections.rotate(order, -((round - 1) % order.size()));
        }
        return List.copyOf(order);
    }

    boolean recorded() {
        return round > 0;
    }
}
