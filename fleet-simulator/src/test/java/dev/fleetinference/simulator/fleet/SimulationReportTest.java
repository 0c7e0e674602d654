package dev.fleetinference.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SimulationReportTest {

    @Test
    void theTableShowsEveryFigureOfTheRun() {
        SimulationReport report = report(Set.of(), 0);

        assertThat(report.toTable())
                .contains("devices               50  (10 in a failure mode)")
                .contains("events sent           15,000  to device-events")
                .contains("send rate             499.9 events/s  (requested 500)")
                .contains("predictions received  15,001")
                .contains("answered              15,000")
                .contains("missing               0  (no answer within 10 s)")
                .contains("duplicates            1")
                .contains("anomalies flagged     3,100  (3,000 from failing devices, 100 from healthy ones)")
                .contains("round trip p50        4.2 ms")
                .contains("round trip p99        18.0 ms")
                .contains("round trip max        40.5 ms")
                .contains("first prediction      p50 120.0 ms, p99 410.0 ms, max 415.0 ms  (each device's first "
                        + "event, 50 devices)")
                .contains("by model version      anomaly v1: 9,000")
                .contains("by model version      anomaly v2: 6,000")
                .doesNotContain("unknown events");
    }

    @Test
    void missingEventsAreCountedAndAFewNamed() {
        UUID first = UUID.fromString("00000000-0000-0000-0000-000000000001");
        SimulationReport report = report(Set.of(first, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()), 2);

        assertThat(report.missing()).isEqualTo(4);
        assertThat(report.toTable())
                .contains("missing               4  (no answer within 10 s), e.g. " + first + ", ")
                .contains(", ...")
                .contains("unknown events        2");
    }

    private static SimulationReport report(Set<UUID> missing, long unknown) {
        TreeMap<String, Long> perVersion = new TreeMap<>();
        perVersion.put("anomaly v1", 9_000L);
        perVersion.put("anomaly v2", 6_000L);
        return new SimulationReport(50, 10, "device-events", 500, 499.93, 15_000, 0, 15_001, 15_000, missing,
                Duration.ofSeconds(10), 1, unknown, 0, 0, new AnomalyCounts(3_100, 3_000, 100),
                new LatencySummary(15_000, Duration.ofNanos(4_200_000L), Duration.ofNanos(9_000_000L),
                        Duration.ofNanos(18_000_000L), Duration.ofNanos(40_500_000L)),
                new LatencySummary(50, Duration.ofNanos(120_000_000L), Duration.ofNanos(300_000_000L),
                        Duration.ofNanos(410_000_000L), Duration.ofNanos(415_000_000L)),
                perVersion);
    }
}
