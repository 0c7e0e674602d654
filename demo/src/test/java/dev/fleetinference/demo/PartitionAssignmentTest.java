package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PartitionAssignmentTest {

    private static final String NL = System.lineSeparator();

    @Test
    void aStreamThreadsGroupInstanceIdNamesItsInstance() {
        assertThat(PartitionAssignment.instanceOf("demo-1-1")).isEqualTo("demo-1");
        assertThat(PartitionAssignment.instanceOf("demo-10-2")).isEqualTo("demo-10");
        assertThat(PartitionAssignment.instanceOf("scale-a")).isEqualTo("scale-a");
    }

    @Test
    void theMembersArePrintedInTheirNumbersOrderWithTheirPartitions() {
        PartitionAssignment assignment = assignment(true, Map.of("demo-10", Set.of(5), "demo-2", Set.of(3, 1),
                "demo-1", Set.of()));

        assertThat(assignment.toText("  ")).isEqualTo("  demo-1   none" + NL + "  demo-2   1, 3" + NL
                + "  demo-10  5" + NL);
        assertThat(PartitionAssignment.none().toText("  ")).isEqualTo("  (no member)" + NL);
    }

    @Test
    void theHolderOfMostIsTheFirstByNumberOfThoseHoldingAsMany() {
        assertThat(assignment(true, Map.of("demo-3", Set.of(0, 3), "demo-2", Set.of(1, 4), "demo-1", Set.of(2)))
                .holderOfMost()).contains("demo-2");
        assertThat(PartitionAssignment.none().holderOfMost()).isEmpty();
    }

    @Test
    void aGroupHasSettledWhenStableWithExactlyTheMembersHoldingEveryPartition() {
        Map<String, Set<Integer>> all = Map.of("demo-1", Set.of(0, 3), "demo-2", Set.of(1), "demo-3", Set.of(2));
        Set<String> three = Set.of("demo-1", "demo-2", "demo-3");

        assertThat(assignment(true, all).settledOn(three, 4)).isTrue();
        assertThat(assignment(false, all).settledOn(three, 4)).as("in a rebalance").isFalse();
        assertThat(assignment(true, all).settledOn(three, 5)).as("a partition unassigned").isFalse();
        assertThat(assignment(true, all).settledOn(Set.of("demo-1", "demo-2"), 4)).as("one member too many")
                .isFalse();
        assertThat(assignment(true, all).partitionsOf("demo-4")).isEmpty();
    }

    static PartitionAssignment assignment(boolean stable, Map<String, Set<Integer>> byInstance) {
        TreeMap<String, SortedSet<Integer>> sorted = new TreeMap<>();
        byInstance.forEach((id, partitions) -> sorted.put(id, new TreeSet<>(partitions)));
        return new PartitionAssignment(sorted, stable);
    }
}
