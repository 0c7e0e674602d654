package dev.fleetinference.demo;

import static dev.fleetinference.demo.PartitionAssignmentTest.assignment;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstancesSummaryTest {

    private static final PartitionAssignment AT_START = assignment(true, Map.of("demo-1", Set.of(0, 3),
            "demo-2", Set.of(1), "demo-3", Set.of(2)));

    @Test
    void aFailoverNotCompleteWithinItsBoundSaysSo() {
        Failover unfinished = new Failover("demo-2", 4242, Set.of(1), Duration.ofMillis(15_000), 100,
                Optional.empty(), Duration.ofSeconds(60), assignment(false, Map.of("demo-1", Set.of(0, 3),
                "demo-3", Set.of(2))));

        List<String[]> rows = new InstancesSummary("fleet-scoring", "device-events", AT_START, scored(10, 20, 30),
                Optional.of(unfinished)).rows();

        assertThat(rows).extracting(r -> r[0] + " | " + r[1]).containsExactly(
                "demo-1 | 10 scored  partitions 0, 3",
                "demo-2 | 20 scored  partitions 1 until its SIGKILL at 15.0 s",
                "demo-3 | 30 scored  partitions 2",
                "failover | not complete 60 s after the SIGKILL of demo-2: some partition of device-events was not "
                        + "scored again");
    }

    @Test
    void withoutAKillThePartitionsAreThoseAtTheStart() {
        List<String[]> rows = new InstancesSummary("fleet-scoring", "device-events", AT_START, scored(1_000, 20, 3),
                Optional.empty()).rows();

        assertThat(rows).extracting(r -> r[0] + " | " + r[1]).containsExactly(
                "demo-1 | 1,000 scored  partitions 0, 3",
                "demo-2 |    20 scored  partitions 1",
                "demo-3 |     3 scored  partitions 2",
                "failover | not measured (the lines printed during the run say why)");
    }

    /** demo-1 SIGKILLed 16.2 s into the run; the others scored all again 8.4 s later, demo-2 and demo-3 two each. */
    static InstancesSummary threeInstancesOneKilled() {
        Failover failover = new Failover("demo-1", 4242, Set.of(0, 3), Duration.ofMillis(16_240), 5_210,
                Optional.of(Duration.ofMillis(8_430)), Duration.ofSeconds(60),
                assignment(true, Map.of("demo-2", Set.of(0, 1), "demo-3", Set.of(2, 3))));
        return new InstancesSummary("fleet-scoring", "device-events", AT_START, scored(5_210, 6_102, 411),
                Optional.of(failover));
    }

    private static Map<String, Long> scored(long first, long second, long third) {
        Map<String, Long> scored = new LinkedHashMap<>();
        scored.put("demo-1", first);
        scored.put("demo-2", second);
        scored.put("demo-3", third);
        return scored;
    }
}
