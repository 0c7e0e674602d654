package dev.fleetinference.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How many events each variant pre-loads so that its throughput window (10 % to 100 % of its events) lasts at least
 * {@code --window}: from the fastest rate the variant has measured in the run (a variant's rate moves by up to 2x
 * between rounds on a shared machine, and the warm-up's is a cold one), with a margin, and never fewer than
 * {@code --events}.
 */
final class RoundSizing {

    /** The window is 90 % of the events; the margin covers a round faster than the last. */
    private static final double EVENTS_PER_WINDOW = 1 / 0.9 * 1.3;
    /** What the pre-made events may hold: a few hundred bytes each, once per stack. */
    static final int MAX_EVENTS = 6_000_000;

    private final int least;
    private final Duration window;
    private final Map<String, Double> rates = new HashMap<>();

    RoundSizing(int least, Duration window) {
        this.least = least;
        this.window = window;
    }

    /** Remembers what {@code result}'s variant achieved, for its next round. */
    void measured(RoundResult result) {
        double rate = result.throughput().eventsPerSecond();
        if (rate > 0) {
            rates.merge(result.variant(), rate, Math::max);
        }
    }

    /** The events the next round of the variant labelled {@code label} pre-loads. */
    int events(String label) {
        Double rate = rates.get(label);
        if (rate == null) {
            return least;
        }
        double needed = Math.ceil(rate * window.toNanos() / 1e9 * EVENTS_PER_WINDOW);
        return (int) Math.min(MAX_EVENTS, Math.max(least, needed));
    }

    /** Whether {@code result}'s window is as long as asked. */
    boolean longEnough(RoundResult result) {
        return result.throughput().windowSeconds() * 1e9 >= window.toNanos();
    }
}
