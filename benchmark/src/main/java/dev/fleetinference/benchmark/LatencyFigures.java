package dev.fleetinference.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One round's latency at a fixed rate: event sent to its prediction visible to a read_committed consumer.
 *
 * @param rate        the send rate, events/s
 * @param sent        events sent and tracked in the measured window (after the warm-up)
 * @param answered    of them, those whose prediction was read
 * @param p50Ms       median, in milliseconds
 * @param p99Ms       99th percentile, in milliseconds
 * @param maxMs       the slowest
 * @param percentiles more of the distribution, percentile to milliseconds (for plots and comparisons)
 */
record LatencyFigures(double rate, long sent, long answered, double p50Ms, double p99Ms, double maxMs,
                      Map<String, Double> percentiles) {

    static final List<Double> PERCENTILES = List.of(0.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 100.0);

    /** Figures of a histogram of microseconds. */
    static LatencyFigures of(double rate, long sent, Histogram micros) {
        Map<String, Double> percentiles = new LinkedHashMap<>();
        for (double p : PERCENTILES) {
            percentiles.put(String.format(Locale.ROOT, "p%s", p == Math.rint(p) ? Long.toString((long) p)
                    : Double.toString(p)), millis(micros, p));
        }
        return new LatencyFigures(rate, sent, micros.getTotalCount(), millis(micros, 50), millis(micros, 99),
                micros.getTotalCount() == 0 ? 0 : micros.getMaxValue() / 1000.0, percentiles);
    }

    /** Tracked events that got no prediction. */
    long missing() {
        return sent - answered;
    }

    private static double millis(Histogram micros, double percentile) {
        if (micros.getTotalCount() == 0) {
            return 0;
        }
        return percentile == 0 ? micros.getMinValue() / 1000.0 : micros.getValueAtPercentile(percentile) / 1000.0;
    }
}
