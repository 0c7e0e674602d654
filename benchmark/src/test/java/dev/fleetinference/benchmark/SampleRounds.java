package dev.fleetinference.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Made-up rounds with known figures, for the tests of what the benchmark computes and writes from them. */
final class SampleRounds {

    private SampleRounds() {
    }

    /** A round with the given throughput whose latencies are spread evenly from p50/2 to about 2 x p50, and a p99. */
    static RoundResult round(Variant variant, int round, double eventsPerSecond, double p50Ms, double p99Ms) {
        Histogram micros = new Histogram(3);
        for (int i = 0; i < 98; i++) {
            micros.recordValue((long) (p50Ms * 1000 * (0.5 + i / 97.0)));
        }
        micros.recordValue((long) (p99Ms * 1000));
        micros.recordValue((long) (p99Ms * 1000 * 1.1));
        ThroughputFigures throughput = new ThroughputFigures(10_000, eventsPerSecond, eventsPerSecond * 0.95, 800,
                9_000 / eventsPerSecond);
        LatencyFigures latency = LatencyFigures.of(5_000, 100, micros);
        return new RoundResult(variant.label(), round, throughput, latency, new EventCheck(10_100, 10_100, 0, 0, 0),
                0.5, micros);
    }

    /**
     * Two recorded rounds of every variant (and a warm-up round 0 far off, which must not count): pass-through
     * 60k and 62k, per-event 15k and 17k, batched 57k and 59k, batched-constant 58k and 60k events/s.
     */
    static List<RoundResult> everyVariant() {
        List<RoundResult> rounds = new ArrayList<>();
        rounds.add(round(Variant.PASS_THROUGH, 0, 1_000, 900, 900));
        rounds.add(round(Variant.BATCHED, 0, 1_000_000, 1, 1));
        for (int r = 1; r <= 2; r++) {
            rounds.add(round(Variant.PASS_THROUGH, r, 58_000 + 2_000 * r, 70, 150));
            rounds.add(round(Variant.PER_EVENT, r, 13_000 + 2_000 * r, 75, 160));
            rounds.add(round(Variant.BATCHED, r, 55_000 + 2_000 * r, 72, 165));
            rounds.add(round(Variant.BATCHED_CONSTANT, r, 56_000 + 2_000 * r, 71, 155));
        }
        return rounds;
    }

    static List<PredictorResult> predictor() {
        return List.of(new PredictorResult(1, 1, 20_000, 40, 40_000), new PredictorResult(1, 256, 5_000_000, 50, 40_000),
                new PredictorResult(2, 1, 24_000, 38, 48_000), new PredictorResult(2, 256, 5_400_000, 48, 42_000));
    }

    /**
     * A crash run of 10,000 events and two kills, ready after 4,000 and 6,000 ms and flowing 300 ms later, with
     * {@code missing} and {@code duplicates}.
     */
    static CrashResult crash(long missing, long duplicates) {
        return new CrashResult(10_000, 10_000 - missing + duplicates, missing, duplicates, List.of(
                new CrashResult.Kill(1, 3_300, 1_200, 250, 4_000, 4_300),
                new CrashResult.Kill(2, 6_600, 900, 180, 6_000, 6_300)), 31.4);
    }

    static Map<String, String> descriptions() {
        return Map.of(Variant.PASS_THROUGH.label(), "batch size 1, scoring constant",
                Variant.PER_EVENT.label(), "batch size 1, scoring model",
                Variant.BATCHED.label(), "batch size 256, max wait 5 ms, scoring model",
                Variant.BATCHED_CONSTANT.label(), "batch size 256, max wait 5 ms, scoring constant");
    }
}
