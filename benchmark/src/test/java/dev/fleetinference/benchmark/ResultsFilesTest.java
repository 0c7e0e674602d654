package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFilesTest {

    private final List<RoundResult> rounds = SampleRounds.everyVariant();
    private final BenchSummary summary = BenchSummary.of(rounds, SampleRounds.predictor(),
            SampleRounds.descriptions());

    @Test
    void jsonHoldsEveryRoundAndTheSummary(@TempDir Path dir) throws IOException {
        BenchResults results = new BenchResults("2026-01-01T00:00:00Z", Map.of("rounds", "2"),
                Map.of("cores", "2"), SampleRounds.predictor(), rounds, summary, null);

        Path file = results.writeJson(dir);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(file.getFileName().toString()).isEqualTo("results.json");
        assertThat(json.get("rounds")).hasSize(rounds.size());
        JsonNode first = json.get("rounds").get(0);
        assertThat(first.get("variant").asText()).isEqualTo("pass-through");
        assertThat(first.get("round").asInt()).isZero();
        assertThat(first.get("throughput").get("eventsPerSecond").asDouble()).isEqualTo(1_000);
        assertThat(first.get("latency").get("percentiles").get("p99").asDouble()).isPositive();
        assertThat(first.has("roundTrips")).as("histograms stay out of the JSON").isFalse();
        assertThat(json.get("predictor")).hasSize(4);
        assertThat(json.get("summary").get("ratios").get(BenchSummary.BATCHED_OVER_PER_EVENT).asDouble())
                .isCloseTo((57_000 / 15_000.0 + 59_000 / 17_000.0) / 2, within(1e-9));
        assertThat(json.get("summary").get("targets")).hasSize(3);
        assertThat(json.get("settings").get("rounds").asText()).isEqualTo("2");
        assertThat(json.has("crash")).as("no crash run, no crash object").isFalse();
    }

    @Test
    void jsonHoldsTheCrashRunWithEachKill(@TempDir Path dir) throws IOException {
        BenchResults results = new BenchResults("2026-01-01T00:00:00Z", Map.of(), Map.of(), List.of(), rounds,
                summary, SampleRounds.crash(0, 0));

        JsonNode crash = new ObjectMapper().readTree(results.writeJson(dir).toFile()).get("crash");

        assertThat(crash.get("events").asLong()).isEqualTo(10_000);
        assertThat(crash.get("missing").asLong()).isZero();
        assertThat(crash.get("duplicates").asLong()).isZero();
        assertThat(crash.get("exactlyOnce").asBoolean()).isTrue();
        assertThat(crash.get("wallSeconds").asDouble()).isEqualTo(31.4);
        assertThat(crash.get("kills")).hasSize(2);
        assertThat(crash.get("kills").get(1).get("readyMillis").asLong()).isEqualTo(6_000);
        assertThat(crash.get("kills").get(1).get("flowingMillis").asLong()).isEqualTo(6_300);
        assertThat(crash.get("kills").get(0).get("restored").asLong()).isEqualTo(250);
    }

    @Test
    void throughputPlotIsAPngWithABarPerVariant(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("throughput.png");

        Charts.throughput(file, summary, rounds, "test");

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        // the batched bar is green, the per-event one orange
        assertThat(countPixels(image, 0x27AE60)).isGreaterThan(1_000);
        assertThat(countPixels(image, 0xE67E22)).isGreaterThan(1_000);
    }

    @Test
    void latencyPlotIsAPngWithACurvePerVariant(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latency.png");
        Map<String, Histogram> merged = new LinkedHashMap<>();
        rounds.stream().filter(r -> r.round() > 0).forEach(r -> merged.computeIfAbsent(r.variant(),
                v -> new Histogram(3)).add(r.roundTrips()));

        Charts.latency(file, summary, merged, "test");

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(countPixels(image, 0x8E44AD)).as("batched-constant's curve").isGreaterThan(200);
        assertThat(countPixels(image, 0x7F8C8D)).as("pass-through's curve").isGreaterThan(200);
    }

    @Test
    void latencyPlotOfNothingIsStillDrawn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latency.png");

        Charts.latency(file, BenchSummary.of(List.of(), List.of(), Map.of()), Map.of(), "nothing measured");

        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(Charts.WIDTH);
    }

    @Test
    void tableShowsEveryVariantAndTheTargets() {
        String text = ReportTable.text(summary, true);

        assertThat(text).contains("pass-through", "per-event", "batched-constant", "61,000 events/s",
                "model alone", "5,200,000 rows/s", "batched / pass-through throughput", "0.95", "target >= 0.9",
                "met");
        String markdown = ReportTable.markdown(summary, true);
        assertThat(markdown).startsWith("| variant |").contains("| batched | batch size 256, max wait 5 ms, "
                + "scoring model | 58,000 |", "| batched / per-event throughput | 3.64 | >= 2.5 | met |");
    }

    @Test
    void aSmokeRunsTableGivesNoVerdict() {
        assertThat(ReportTable.text(summary, false)).contains("target >= 0.9", ReportTable.NOT_JUDGED)
                .doesNotContain("NOT MET").doesNotContainPattern("\\bmet\\b");
        assertThat(ReportTable.markdown(summary, false)).contains("| >= 2.5 | " + ReportTable.NOT_JUDGED + " |");
    }

    @Test
    void crashSectionShowsTheCountsAndEachKillsRecovery() {
        String text = ReportTable.crashText(SampleRounds.crash(3, 1));

        assertThat(text).containsPattern("missing +3").containsPattern("duplicates +1")
                .containsPattern("kill -> ready, median +5,000 ms").containsPattern("exactly once +FAILED")
                .containsPattern("2 +6,600 +900 +180 +6,000 ms +6,300 ms");
        assertThat(ReportTable.crashMarkdown(SampleRounds.crash(0, 0))).contains("| exactly once | OK |",
                "| 1 | 3,300 | 1,200 | 250 | 4,000 ms | 4,300 ms |");
    }

    @Test
    void niceCeilingRoundsUpToOneTwoOrFive() {
        assertThat(Charts.niceCeiling(61_000)).isEqualTo(100_000);
        assertThat(Charts.niceCeiling(17_000)).isEqualTo(20_000);
        assertThat(Charts.niceCeiling(2_400)).isEqualTo(2_500);
        assertThat(Charts.niceCeiling(0)).isEqualTo(1);
    }

    private static long countPixels(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
