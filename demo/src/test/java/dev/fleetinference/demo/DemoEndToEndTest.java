package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole demo, short: the embedded stack, the committed models, the packaged stream app in a child JVM (built
 * before this module), a short warm-up, then a small fleet with poison records and the swap to v2 halfway.
 */
class DemoEndToEndTest {

    // surefire runs in the module's directory, so the checkout is its parent
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern WORK_DIR = Pattern.compile("work directory: (\\S+)");

    @Test
    @Timeout(120)
    void aSmallFleetGetsEveryPredictionOnceFromBothModelsAndThePoisonEndsInTheDeadLetterTopic() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = DemoMain.run(List.of("--devices", "10", "--rate", "200", "--duration", "8s", "--warm-up", "2s"),
                Map.of("FLEET_ROOT", ROOT.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);

        String text = out.toString(StandardCharsets.UTF_8);
        try {
            assertThat(status).as("exit status; stdout:%n%s%nstderr:%n%s", text, err).isZero();
            assertThat(text).contains("anomaly v1  sha256").contains("stage PRODUCTION")
                    .contains("Warming up: the same fleet for 2 s")
                    .containsPattern("(?m)^warm-up +[0-9.]+ s  sending ")
                    .containsPattern("  cold start: 400 events, 0 missing, 0 duplicates, round trip p50 [0-9,.]+ ms, "
                            + "p99 [0-9,.]+ ms")
                    .contains("sent 5 poison records to device-events")
                    .contains("promoted anomaly v2 to PRODUCTION (v1 archived)")
                    .contains("events sent           1,600  to device-events")
                    .contains("missing               0")
                    .contains("duplicates            0")
                    .containsPattern("by model version      anomaly v1: [1-9]")
                    .containsPattern("by model version      anomaly v2: [1-9]")
                    .contains("dead letters          5  (5 poison records mixed in)")
                    .contains("    illegal-device-id   1")
                    .contains("    missing-feature     1")
                    .contains("    non-finite-feature  1")
                    .contains("    undecodable         2")
                    .contains("The warm-up (the cold start, not in the figures above)")
                    .contains("exactly once: OK  (each of the 2,000 events got exactly one prediction: 400 in the "
                            + "warm-up, 1,600 measured)")
                    .contains("Stopping the stream app and the local stack ... done");
        } finally {
            deleteWorkDir(text);
        }
    }

    private static void deleteWorkDir(String output) throws IOException {
        Matcher matcher = WORK_DIR.matcher(output);
        if (!matcher.find()) {
            return;
        }
        FileUtils.deleteDirectory(Path.of(matcher.group(1)).toFile());
    }
}
