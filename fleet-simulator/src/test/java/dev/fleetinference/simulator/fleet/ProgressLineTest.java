package dev.fleetinference.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void onATerminalTheLineIsRewrittenInPlaceAndEndedWhenTheRunIsDone() {
        ProgressLine line = new ProgressLine(out, true);

        line.accept(progress(SimulationProgress.Phase.SENDING, 1_000, LatencySummary.NONE));
        line.accept(progress(SimulationProgress.Phase.SENDING, 2_000, latency(4.25)));
        String whileRunning = text();
        line.accept(progress(SimulationProgress.Phase.DONE, 2_000, latency(4.25)));

        assertThat(whileRunning).startsWith("\r").doesNotContain("\n").contains("p99 -").contains("p99 4.3 ms");
        assertThat(text()).endsWith(System.lineSeparator()).contains("done");
    }

    @Test
    void elsewhereEachReportIsALineOfItsOwn() {
        ProgressLine line = new ProgressLine(out, false);

        line.accept(progress(SimulationProgress.Phase.SENDING, 1_000, LatencySummary.NONE));
        line.accept(progress(SimulationProgress.Phase.DRAINING, 2_000, latency(12)));

        assertThat(text()).doesNotContain("\r").hasLineCount(2);
        assertThat(text().lines().toList().get(1))
                .isEqualTo("    5.0 s  draining  sent 2,000  received 1,990  in flight 10  p99 12.0 ms");
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static SimulationProgress progress(SimulationProgress.Phase phase, long sent, LatencySummary roundTrip) {
        return new SimulationProgress(phase, Duration.ofMillis(sent * 5 / 2), sent, sent - 10, 10, roundTrip);
    }

    private static LatencySummary latency(double p99Millis) {
        Duration p99 = Duration.ofNanos((long) (p99Millis * 1e6));
        return new LatencySummary(100, p99, p99, p99, p99);
    }
}
