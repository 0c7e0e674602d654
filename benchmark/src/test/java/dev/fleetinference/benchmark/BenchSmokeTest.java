package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole benchmark, tiny: its own embedded stack, every variant once, the model alone, the files written. */
class BenchSmokeTest {

    // the checkout holds the committed models; surefire runs in the module's directory
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    @Timeout(300)
    void runsEveryVariantOnTheEmbeddedStackAndWritesItsResults(@TempDir Path out) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        // ten devices: a round creates (and deletes) a topic per device; the crash run has a test of its own; the
        // variants that differ from these by their batch size or scoring only are left out for time
        int status = BenchMain.run(List.of("--quick", "--events", "10000", "--devices", "10", "--latency-warm-up",
                        "500ms", "--latency-duration", "2s", "--predictor-duration", "300ms", "--crash-kills", "0",
                        "--window", "200ms", "--variants", "pass-through,batched,batched-insecure", "--out",
                        out.toString(), "--root", ROOT.toString()), Map.of(),
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(status).as("exit status; stdout:%n%s%nstderr:%n%s", printed, stderr).isZero();
        assertThat(printed).contains("Starting the secured embedded stack", "Starting the open embedded stack",
                "batched / pass-through throughput", "batched p99 - pass-through p99",
                "batched / batched-insecure throughput");
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("rounds")).extracting(round -> round.get("variant").asText())
                .containsExactly("pass-through", "batched", "batched-insecure");
        for (JsonNode round : json.get("rounds")) {
            // enough events for several commits: a window within one commit measures no rate ("too short")
            assertThat(round.get("throughput").get("fromFirstPerSecond").asDouble()).as(round.toString())
                    .isPositive();
            assertThat(round.get("latency").get("p50Ms").asDouble()).as(round.toString()).isPositive();
            assertThat(round.get("latency").get("p99Ms").asDouble()).as(round.toString()).isPositive();
            JsonNode events = round.get("events");
            assertThat(events.get("sent").asLong()).as(round.toString()).isGreaterThan(10_000);
            assertThat(events.get("predictions").asLong()).as("exactly once: %s", round)
                    .isEqualTo(events.get("sent").asLong());
            assertThat(List.of("missing", "duplicates", "unknown")).as("exactly once, by event id: %s", round)
                    .allSatisfy(figure -> assertThat(events.get(figure).asLong()).isZero());
        }
        assertThat(json.get("predictor")).hasSize(2);
        for (JsonNode model : json.get("predictor")) {
            assertThat(model.get("rowsPerSecond").asDouble()).isPositive();
        }
        assertThat(json.get("summary").get("targets")).extracting(target -> target.get("name").asText())
                .containsExactly(BenchSummary.BATCHED_OVER_PASS_THROUGH, BenchSummary.P99_OVER_PASS_THROUGH,
                        BenchSummary.SECURED_OVER_OPEN);
        assertThat(json.has("crash")).as("--crash-kills 0 skips the crash run").isFalse();
        for (String png : List.of("throughput.png", "latency.png")) {
            assertThat(ImageIO.read(out.resolve(png).toFile())).as(png).isNotNull();
        }
        assertThat(Files.readString(out.resolve("results.md"))).contains("| batched |");
    }
}
