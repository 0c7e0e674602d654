package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchMainTest {

    private static final Path CRASH_LOGS = Path.of("out", "crash");

    private final List<RoundResult> rounds = SampleRounds.everyVariant();
    private final BenchSummary summary = BenchSummary.of(rounds, SampleRounds.predictor(),
            SampleRounds.descriptions());
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aRunWhoseEveryEventGotOnePredictionSucceeds() {
        int status = BenchMain.verdict(results(SampleRounds.crash(0, 0)), CRASH_LOGS, stderr());

        assertThat(status).isEqualTo(BenchMain.OK);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aCrashRunWithMissingOrDuplicatedPredictionsFailsTheBenchSayingHowMany() {
        int status = BenchMain.verdict(results(SampleRounds.crash(3, 1)), CRASH_LOGS, stderr());

        assertThat(status).isEqualTo(BenchMain.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("crash run FAILED", "after 2 SIGKILLs",
                "3 of 10,000 events have no prediction", "1 predictions are duplicates", CRASH_LOGS.toString());
    }

    @Test
    void aSkippedCrashRunLeavesTheVerdictToTheRounds() {
        assertThat(BenchMain.verdict(results(null), CRASH_LOGS, stderr())).isEqualTo(BenchMain.OK);
    }

    private BenchResults results(CrashResult crash) {
        return new BenchResults("2026-01-01T00:00:00Z", Map.of(), Map.of(), List.of(), rounds, summary, crash);
    }

    private PrintStream stderr() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }
}
