package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void throughputIsMeasuredFromTheTenPercentMarkToTheLast() {
        long second = 1_000_000_000L;
        ThroughputFigures figures = ThroughputFigures.of(10_000, 0,
                new CommitWatcher.Crossing(500, 2 * second),
                new CommitWatcher.Crossing(1_000, 3 * second),
                new CommitWatcher.Crossing(10_000, 5 * second));

        assertThat(figures.eventsPerSecond()).isEqualTo(4_500);
        assertThat(figures.fromFirstPerSecond()).isCloseTo(9_500 / 3.0, within(1e-9));
        assertThat(figures.startupMillis()).isEqualTo(2_000);
        assertThat(figures.windowSeconds()).isEqualTo(2);
    }

    @Test
    void latencyPercentilesAreInMilliseconds() {
        Histogram micros = new Histogram(3);
        for (int ms = 1; ms <= 100; ms++) {
            micros.recordValue(ms * 1_000L);
        }

        LatencyFigures figures = LatencyFigures.of(5_000, 102, micros);

        assertThat(figures.p50Ms()).isCloseTo(50, within(0.1));
        assertThat(figures.p99Ms()).isCloseTo(99, within(0.1));
        assertThat(figures.maxMs()).isCloseTo(100, within(0.1));
        assertThat(figures.answered()).isEqualTo(100);
        assertThat(figures.missing()).isEqualTo(2);
        assertThat(figures.percentiles()).containsKeys("p0", "p50", "p99", "p99.9", "p100");
        assertThat(figures.percentiles().get("p0")).isCloseTo(1, within(0.01));
    }

    @Test
    void noLatenciesGiveZeros() {
        LatencyFigures figures = LatencyFigures.of(5_000, 0, new Histogram(3));

        assertThat(figures.p99Ms()).isZero();
        assertThat(figures.maxMs()).isZero();
    }
}
