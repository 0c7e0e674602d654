package dev.fleetinference.demo;

import static dev.fleetinference.demo.RunMilestonesTest.progress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.simulator.fleet.LatencySummary;
import dev.fleetinference.simulator.fleet.SimulationProgress;
import dev.fleetinference.simulator.fleet.SimulationProgress.Phase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoConsoleTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void onATerminalAnAnnouncementEndsTheProgressLineAndTheLineGoesOnBelowIt() {
        DemoConsole console = new DemoConsole(out, true);

        console.accept(progress(Phase.SENDING, 100));
        console.announce("promoted anomaly v2");
        console.accept(progress(Phase.SENDING, 200));
        console.announce("again");

        String[] lines = text().split("\n", -1);
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith("\r").contains("sent 100");
        assertThat(lines[1]).isEqualTo("promoted anomaly v2");
        assertThat(lines[2]).startsWith("\r").contains("sent 200");
        assertThat(lines[3]).isEqualTo("again");
    }

    @Test
    void inALogAnnouncementsNeedNoBreakAndProgressIsPrintedEveryFewSecondsOrWhenThePhaseChanges() {
        DemoConsole console = new DemoConsole(out, false);

        for (int second = 0; second <= 12; second++) {
            console.accept(at(Phase.SENDING, second));
        }
        console.announce("promoted anomaly v2");
        console.accept(at(Phase.DRAINING, 13));
        console.accept(at(Phase.DONE, 14));

        assertThat(text().lines()).hasSize(6);
        assertThat(text().lines().filter(l -> l.contains("sending"))).hasSize(3);
        assertThat(text().lines().skip(3).findFirst()).contains("promoted anomaly v2");
        assertThat(text()).doesNotContain("\r");
    }

    @Test
    void aLabelledConsoleStartsEachProgressLineWithItsLabelOnATerminalAndInALog() {
        DemoConsole terminal = new DemoConsole(out, true, "warm-up");
        terminal.accept(at(Phase.SENDING, 1));
        terminal.accept(at(Phase.DONE, 2));
        terminal.announce("  cold start: 1,000 events");
        new DemoConsole(out, false, "warm-up").accept(at(Phase.SENDING, 1));

        String[] lines = text().split("\n", -1);
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("\rwarm-up     1.0 s  sending   sent 500").contains("\rwarm-up     2.0 s  done");
        assertThat(lines[1]).isEqualTo("  cold start: 1,000 events");
        assertThat(lines[2]).startsWith("warm-up     1.0 s  sending   sent 500");
        assertThat(lines[3]).isEmpty();
    }

    @Test
    void anUnlabelledProgressLineIsTheSimulatorsOwn() {
        new DemoConsole(out, false).accept(at(Phase.SENDING, 3));

        assertThat(text()).isEqualTo("    3.0 s  sending   sent 1,500  received 1,500  in flight 0  p99 -"
                + System.lineSeparator());
    }

    private static SimulationProgress at(Phase phase, int second) {
        return new SimulationProgress(phase, Duration.ofSeconds(second), second * 500L, second * 500L, 0,
                LatencySummary.NONE);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
