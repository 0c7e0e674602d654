package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.simulator.fleet.AnomalyCounts;
import dev.fleetinference.simulator.fleet.LatencySummary;
import dev.fleetinference.simulator.fleet.SimulationReport;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

    private static final DeadLetterCount FIVE_DEAD_LETTERS = new DeadLetterCount(5, new TreeMap<>(Map.of(
            "undecodable", 2L, "non-finite-feature", 1L, "illegal-device-id", 1L, "missing-feature", 1L)));

    @Test
    void everyEventAnsweredOnceIsExactlyOnceAndTheSummaryShowsTheFleetTheDeadLettersAndTheRate() {
        DemoSummary summary = new DemoSummary(report(15_000, Set.of(), 0), 5, "device-events.dlq", FIVE_DEAD_LETTERS);

        assertThat(summary.exactlyOnce()).isTrue();
        assertThat(summary.verdict()).isEqualTo("exactly once: OK  (each of the 15,000 events got exactly one prediction)");
        String text = summary.toText();
        assertThat(text).contains("by model version      anomaly v1: 7,400")
                .contains("by model version      anomaly v2: 7,600");
        assertThat(text).contains("Dead letters in device-events.dlq" + System.lineSeparator()
                + "  dead letters          5  (5 poison records mixed in)" + System.lineSeparator()
                + "    illegal-device-id   1" + System.lineSeparator()
                + "    missing-feature     1" + System.lineSeparator()
                + "    non-finite-feature  1" + System.lineSeparator()
                + "    undecodable         2" + System.lineSeparator());
        assertThat(text).contains("events/s achieved  499.8  (requested 500; 15,000 events sent)");
        assertThat(text).endsWith(summary.verdict() + System.lineSeparator());
    }

    @Test
    void aMissingPredictionOrADuplicateFailsTheVerdictSayingHowMany() {
        Set<UUID> missing = Stream.generate(UUID::randomUUID).limit(12).collect(Collectors.toSet());

        DemoSummary both = new DemoSummary(report(15_000, missing, 3), 5, "device-events.dlq", FIVE_DEAD_LETTERS);
        DemoSummary duplicatesOnly = new DemoSummary(report(15_000, Set.of(), 1), 5, "device-events.dlq",
                FIVE_DEAD_LETTERS);

        assertThat(both.exactlyOnce()).isFalse();
        assertThat(both.verdict())
                .isEqualTo("exactly once: FAILED  (12 without a prediction, 3 duplicate predictions, of 15,000 events)");
        assertThat(duplicatesOnly.verdict())
                .isEqualTo("exactly once: FAILED  (1 duplicate prediction, of 15,000 events)");
    }

    @Test
    void aRunThatSentNothingProvesNothing() {
        DemoSummary summary = new DemoSummary(report(0, Set.of(), 0), 0, "device-events.dlq", DeadLetterCount.none());

        assertThat(summary.exactlyOnce()).isFalse();
        assertThat(summary.verdict()).isEqualTo("exactly once: FAILED  (no event was sent)");
        assertThat(summary.toText()).contains("  dead letters  0  (0 poison records mixed in)");
    }

    @Test
    void theWarmUpIsShownAsTheColdStartApartFromTheMeasuredFiguresAndItsEventsCountInTheVerdict() {
        DemoSummary summary = new DemoSummary(report(15_000, Set.of(), 0), Optional.of(warmUp(2_500, Set.of(), 0)), 5,
                "device-events.dlq", FIVE_DEAD_LETTERS);

        assertThat(summary.exactlyOnce()).isTrue();
        assertThat(summary.verdict()).isEqualTo("exactly once: OK  (each of the 17,500 events got exactly one "
                + "prediction: 2,500 in the warm-up, 15,000 measured)");
        String text = summary.toText();
        assertThat(text).startsWith("The fleet, measured after the warm-up" + System.lineSeparator()
                        + "  devices               50")
                .contains("events sent           15,000  to device-events")
                .contains("round trip p99        25.0 ms")
                .contains("The warm-up (the cold start, not in the figures above)" + System.lineSeparator()
                        + "  cold start  2,500 events, 0 missing, 0 duplicates, round trip p50 80.0 ms, "
                        + "p99 2,712.5 ms; each device's first prediction p50 1,150.0 ms, p99 2,600.0 ms"
                        + System.lineSeparator())
                .contains("events/s achieved  499.8  (requested 500; 15,000 events sent)")
                .endsWith(summary.verdict() + System.lineSeparator());
        assertThat(text.indexOf("The warm-up")).isGreaterThan(text.indexOf("by model version"))
                .isLessThan(text.indexOf("Dead letters in"));
    }

    @Test
    void aRunWithoutAWarmUpHasNoColdStartSection() {
        DemoSummary summary = new DemoSummary(report(15_000, Set.of(), 0), Optional.empty(), 5, "device-events.dlq",
                FIVE_DEAD_LETTERS);

        assertThat(summary.toText()).startsWith("The fleet" + System.lineSeparator()).doesNotContain("warm-up");
        assertThat(summary.verdict()).isEqualTo(
                "exactly once: OK  (each of the 15,000 events got exactly one prediction)");
    }

    @Test
    void aWarmUpEventMissingOrAnsweredTwiceFailsTheVerdictThoughTheMeasuredRunIsClean() {
        Set<UUID> missing = Stream.generate(UUID::randomUUID).limit(4).collect(Collectors.toSet());

        DemoSummary summary = new DemoSummary(report(15_000, Set.of(), 0), Optional.of(warmUp(2_500, missing, 1)), 5,
                "device-events.dlq", FIVE_DEAD_LETTERS);

        assertThat(summary.exactlyOnce()).isFalse();
        assertThat(summary.verdict()).isEqualTo("exactly once: FAILED  (4 without a prediction (4 in the warm-up), "
                + "1 duplicate prediction (1 in the warm-up), of 17,500 events: 2,500 in the warm-up, 15,000 measured)");
    }

    @Test
    void theVerdictAddsUpBothRunsAndSaysHowManyOfTheProblemsWereInTheWarmUp() {
        Set<UUID> measuredMissing = Stream.generate(UUID::randomUUID).limit(12).collect(Collectors.toSet());
        Set<UUID> warmUpMissing = Stream.generate(UUID::randomUUID).limit(2).collect(Collectors.toSet());

        DemoSummary summary = new DemoSummary(report(15_000, measuredMissing, 3),
                Optional.of(warmUp(2_500, warmUpMissing, 0)), 5, "device-events.dlq", FIVE_DEAD_LETTERS);

        assertThat(summary.verdict()).isEqualTo("exactly once: FAILED  (14 without a prediction (2 in the warm-up), "
                + "3 duplicate predictions, of 17,500 events: 2,500 in the warm-up, 15,000 measured)");
    }

    @Test
    void aMeasuredRunThatSentNothingProvesNothingWhateverTheWarmUpSent() {
        DemoSummary summary = new DemoSummary(report(0, Set.of(), 0), Optional.of(warmUp(2_500, Set.of(), 0)), 0,
                "device-events.dlq", DeadLetterCount.none());

        assertThat(summary.exactlyOnce()).isFalse();
        assertThat(summary.verdict()).isEqualTo("exactly once: FAILED  (no event was sent in the measured run)");
    }

    @Test
    void theColdStartLineGivesTheWarmUpsEventsMissingDuplicatesAndRoundTrips() {
        Set<UUID> missing = Stream.generate(UUID::randomUUID).limit(3).collect(Collectors.toSet());

        assertThat(DemoSummary.coldStart(warmUp(2_500, missing, 1)))
                .isEqualTo("2,500 events, 3 missing, 1 duplicate, round trip p50 80.0 ms, p99 2,712.5 ms; each "
                        + "device's first prediction p50 1,150.0 ms, p99 2,600.0 ms");
        assertThat(DemoSummary.coldStart(warmUp(0, Set.of(), 0)))
                .isEqualTo("0 events, 0 missing, 0 duplicates, round trip p50 -, p99 -; each device's first "
                        + "prediction p50 -, p99 -");
    }

    @Test
    void severalInstancesGetASectionWithWhatEachScoredThePartitionsItHeldAndTheFailover() {
        String nl = System.lineSeparator();
        DemoSummary summary = new DemoSummary(report(15_000, Set.of(), 0), Optional.empty(), 5, "device-events.dlq",
                FIVE_DEAD_LETTERS, Optional.of(InstancesSummaryTest.threeInstancesOneKilled()));

        String text = summary.toText();
        assertThat(text).contains("The stream app's 3 instances in the measured run (application id fleet-scoring, "
                + "partitions of device-events)" + nl
                + "  demo-1    5,210 scored  partitions 0, 3 until its SIGKILL at 16.2 s" + nl
                + "  demo-2    6,102 scored  partitions 1, then 0, 1" + nl
                + "  demo-3      411 scored  partitions 2, then 2, 3" + nl
                + "  failover  8.4 s from the SIGKILL of demo-1 until every partition of device-events was scored "
                + "again" + nl);
        assertThat(text.indexOf("The stream app's 3 instances")).isGreaterThan(text.indexOf("by model version"))
                .isLessThan(text.indexOf("Dead letters in"));
        assertThat(summary.verdict()).isEqualTo(
                "exactly once: OK  (each of the 15,000 events got exactly one prediction)");
    }

    @Test
    void oneInstanceGetsNoInstancesSection() {
        DemoSummary summary = new DemoSummary(report(15_000, Set.of(), 0), Optional.empty(), 5, "device-events.dlq",
                FIVE_DEAD_LETTERS);

        assertThat(summary.toText()).doesNotContain("instances").doesNotContain("failover");
    }

    private static SimulationReport report(long sent, Set<UUID> missing, long duplicates) {
        long answered = sent - missing.size();
        Map<String, Long> byVersion = sent == 0 ? Map.of() : Map.of("anomaly v1", 7_400L, "anomaly v2", answered - 7_400);
        LatencySummary roundTrip = sent == 0 ? LatencySummary.NONE : new LatencySummary(answered,
                Duration.ofMillis(8), Duration.ofMillis(15), Duration.ofMillis(25), Duration.ofMillis(60));
        return new SimulationReport(50, 10, "device-events", 500, 499.8, sent, 0, answered + duplicates, answered,
                missing, Duration.ofSeconds(10), duplicates, 0, 0, 0, AnomalyCounts.NONE, roundTrip, roundTrip,
                new TreeMap<>(byVersion));
    }

    // a cold start: most events quick, the first ones seconds late
    private static SimulationReport warmUp(long sent, Set<UUID> missing, long duplicates) {
        long answered = sent - missing.size();
        LatencySummary roundTrip = sent == 0 ? LatencySummary.NONE : new LatencySummary(answered,
                Duration.ofMillis(80), Duration.ofMillis(1_300), Duration.ofMillis(2_712).plusNanos(500_000),
                Duration.ofMillis(3_100));
        // each device's first event waited longest
        LatencySummary firstPrediction = sent == 0 ? LatencySummary.NONE : new LatencySummary(50,
                Duration.ofMillis(1_150), Duration.ofMillis(2_500), Duration.ofMillis(2_600), Duration.ofMillis(2_610));
        return new SimulationReport(50, 10, "device-events", 500, 499.0, sent, 0, answered + duplicates, answered,
                missing, Duration.ofSeconds(10), duplicates, 0, 0, 0, AnomalyCounts.NONE, roundTrip, firstPrediction,
                new TreeMap<>(sent == 0 ? Map.of() : Map.of("anomaly v1", answered)));
    }
}
