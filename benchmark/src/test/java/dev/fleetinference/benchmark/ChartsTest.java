package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The plots of a run with the figures of a real one, kept in target/charts to be looked at. */
class ChartsTest {

    private static final Path OUT = Path.of("target", "charts");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    // three rounds of each variant as a 2-core run measured them, and a warm-up round that must not show
    private final List<RoundResult> rounds = List.of(
            round(Variant.PASS_THROUGH, 0, 90_000, 60, 0.2),
            round(Variant.PASS_THROUGH, 1, 139_000, 70, 0.04), round(Variant.PASS_THROUGH, 2, 179_271, 69, 0.03),
            round(Variant.PASS_THROUGH, 3, 192_000, 71, 0.03),
            round(Variant.PER_EVENT, 1, 12_485, 80, 0.14), round(Variant.PER_EVENT, 2, 12_200, 79, 0.13),
            round(Variant.PER_EVENT, 3, 12_900, 81, 0.12),
            round(Variant.BATCHED, 1, 135_400, 87, 0.13), round(Variant.BATCHED, 2, 143_918, 88, 0.12),
            round(Variant.BATCHED, 3, 171_000, 86, 0.14),
            round(Variant.BATCHED_CONSTANT, 1, 158_000, 79, 0.08),
            round(Variant.BATCHED_CONSTANT, 2, 160_700, 78, 0.07),
            round(Variant.BATCHED_CONSTANT, 3, 160_100, 80, 0.06));
    private final BenchSummary summary = BenchSummary.of(rounds, List.of(), SampleRounds.descriptions());

    @Test
    void throughputPlotOfARunIsAPngOfTheSetSizeWithEveryVariantsColour() throws IOException {
        Path file = OUT.resolve("throughput.png");

        Charts.throughput(file, summary, rounds, subtitle());

        Map<Integer, Long> pixels = pixelsByColour(readPng(file));
        assertThat(pixels.get(0x7F8C8D)).as("pass-through's bar").isGreaterThan(10_000);
        assertThat(pixels.get(0xE67E22)).as("per-event's bar").isGreaterThan(1_000);
        assertThat(pixels.get(0x27AE60)).as("batched's bar").isGreaterThan(10_000);
        assertThat(pixels.get(0x8E44AD)).as("batched-constant's bar").isGreaterThan(10_000);
    }

    @Test
    void latencyPlotOfARunIsAPngOfTheSetSizeWithEveryCurveAndTheTarget() throws IOException {
        Path file = OUT.resolve("latency.png");
        Map<String, Histogram> merged = new LinkedHashMap<>();
        rounds.stream().filter(r -> r.round() > 0).forEach(r -> merged.computeIfAbsent(r.variant(),
                v -> new Histogram(3)).add(r.roundTrips()));

        Charts.latency(file, summary, merged, subtitle());

        Map<Integer, Long> pixels = pixelsByColour(readPng(file));
        for (int rgb : new int[] {0x7F8C8D, 0xE67E22, 0x27AE60, 0x8E44AD}) {
            assertThat(pixels.get(rgb)).as("curve of colour %06X", rgb).isGreaterThan(200);
        }
        assertThat(pixels.get(0xC0392B)).as("the p99 target's line").isGreaterThan(100);
    }

    private static BufferedImage readPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        return image;
    }

    /**
     * A round whose 20,000 latencies are log-normal around {@code medianMs}, with a {@code slowShare} of them
     * waiting a commit interval or two longer (the shape a transactional pipeline gives).
     */
    private static RoundResult round(Variant variant, int round, double eventsPerSecond, double medianMs,
            double slowShare) {
        Random random = new Random(31L * variant.ordinal() + round);
        Histogram micros = new Histogram(3);
        for (int i = 0; i < 20_000; i++) {
            double ms = medianMs * Math.exp(0.45 * random.nextGaussian());
            if (random.nextDouble() < slowShare) {
                ms += 100 + 150 * random.nextDouble();
            }
            micros.recordValue((long) (ms * 1000));
        }
        ThroughputFigures throughput = new ThroughputFigures(300_000, eventsPerSecond, eventsPerSecond * 0.97, 900,
                270_000 / eventsPerSecond);
        return new RoundResult(variant.label(), round, throughput, LatencyFigures.of(5_000, 20_000, micros),
                new EventCheck(320_000, 320_000, 0, 0, 0), 1.5, micros);
    }

    private static String subtitle() {
        return "3 rounds; 300,000 events pre-loaded; latency at 5,000 events/s; 100 devices, 4 partitions; "
                + "commit 100 ms; 2 cores for broker, app and load";
    }

    private static Map<Integer, Long> pixelsByColour(BufferedImage image) {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return Arrays.stream(pixels).map(p -> p & 0xFFFFFF).boxed()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
