package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChaosMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void passedAndSkippedScenariosSucceed() {
        int status = ChaosMain.verdict(List.of(passed(1), skipped(3)), stream(err));

        assertThat(status).isEqualTo(ChaosMain.OK);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aMissingOrDuplicatedPredictionFailsTheRunNamingTheScenario() {
        ScenarioResult lost = new ScenarioResult(6, "predictions topic deleted", "a topic deleted",
                Optional.of(new ScenarioResult.Figures(1_000, 990, 10, 0, 0)), List.of(), Optional.empty(),
                ScenarioResult.Verdict.FAIL, List.of("10 of 1,000 events have no prediction"), List.of());

        int status = ChaosMain.verdict(List.of(passed(1), lost), stream(err));

        assertThat(status).isEqualTo(ChaosMain.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("scenario 6 (events lost or doubled)")
                .doesNotContain("scenario 1");
    }

    @Test
    void helpNeedsNothingElseAndBadUsageSaysWhy() {
        assertThat(ChaosMain.run(List.of("--help"), Map.of(), stream(out), stream(err))).isEqualTo(ChaosMain.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: ./fleet chaos");

        assertThat(ChaosMain.run(List.of("--scenario", "9"), Map.of(), stream(out), stream(err)))
                .isEqualTo(ChaosMain.BAD_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("chaos: --scenario");
    }

    @Test
    void theTableHasARowPerScenarioAndTheNotesUnderIt() {
        ScenarioResult kill = new ScenarioResult(1, "instance SIGKILLs", "SIGKILL one of three instances",
                Optional.of(new ScenarioResult.Figures(12_000, 12_000, 0, 0, 0)),
                List.of(new ScenarioResult.Recovery("kill 1 (chaos-a)", Optional.of(6_400L))), Optional.of(7_100L),
                ScenarioResult.Verdict.PASS, List.of(), List.of("kill 1: chaos-a SIGKILLed"));

        String text = ChaosTable.text(List.of(kill, skipped(3)));
        String markdown = ChaosTable.markdown(List.of(kill, skipped(3)));

        assertThat(text).contains("instance SIGKILLs", "12,000", "6.4 s", "7.1 s", "PASS",
                "skipped: needs --brokers 3", "kill 1: chaos-a SIGKILLed", "recovery after kill 1 (chaos-a): 6,400 ms");
        assertThat(markdown).contains("| 1 | instance SIGKILLs | 12,000 | 12,000 | 0 | 0 | 0 | 6.4 s | 7.1 s | PASS |",
                "| 3 | broker SIGKILL | - | - | - | - | - | - | - | skipped: needs --brokers 3 |",
                "   - kill 1: chaos-a SIGKILLed");
    }

    private static ScenarioResult passed(int number) {
        return new ScenarioResult(number, "scenario " + number, "scenario " + number,
                Optional.of(new ScenarioResult.Figures(100, 100, 0, 0, 0)), List.of(), Optional.empty(),
                ScenarioResult.Verdict.PASS, List.of(), List.of());
    }

    private static ScenarioResult skipped(int number) {
        return ScenarioResult.skipped(new BrokerLoss(), "needs --brokers 3");
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
