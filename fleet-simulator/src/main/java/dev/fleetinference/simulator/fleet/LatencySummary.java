package dev.fleetinference.simulator.fleet;

import java.time.Duration;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * Round trips (event sent to prediction received) at a few percentiles; all zero when nothing was measured.
 * Percentiles come from a histogram with three significant digits: within 0.1 % of the exact values.
 */
public record LatencySummary(long count, Duration p50, Duration p95, Duration p99, Duration max) {

    /** Nothing measured. */
    public static final LatencySummary NONE =
            new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public LatencySummary {
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p95, "p95");
        Objects.requireNonNull(p99, "p99");
        Objects.requireNonNull(max, "max");
    }

    /** Summarises a histogram of microseconds. */
    static LatencySummary ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new LatencySummary(micros.getTotalCount(),
                atPercentile(micros, 50), atPercentile(micros, 95), atPercentile(micros, 99),
                Duration.ofNanos(micros.getMaxValue() * 1_000));
    }

    private static Duration atPercentile(Histogram micros, double percentile) {
        return Duration.ofNanos(micros.getValueAtPercentile(percentile) * 1_000);
    }
}
