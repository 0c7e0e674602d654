package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recovery and stalls, read from the commit watcher's advances: times in ms as nanos for readability. */
class ChaosFaultTest {

    private static final long MS = 1_000_000;

    // partition 0 commits on through the fault; partition 1 stops at 100 until 900 ms
    private final List<CommitWatcher.Advance> advances = List.of(
            new CommitWatcher.Advance(0, 50, 100 * MS), new CommitWatcher.Advance(1, 60, 100 * MS),
            new CommitWatcher.Advance(0, 80, 300 * MS), new CommitWatcher.Advance(1, 100, 300 * MS),
            new CommitWatcher.Advance(0, 120, 500 * MS),
            new CommitWatcher.Advance(0, 150, 700 * MS),
            new CommitWatcher.Advance(1, 130, 900 * MS), new CommitWatcher.Advance(0, 170, 900 * MS));

    @Test
    void predictionsFlowAgainOnceEveryPartitionWithEventsLeftCommittedPastTheMark() {
        ChaosFault kill = new ChaosFault("kill", 350 * MS, 400 * MS, Map.of(0, 80L, 1, 100L));

        assertThat(kill.flowingAgainNanos(advances, Map.of(0, 200L, 1, 140L))).contains(900 * MS);
        // a partition with nothing past the mark has nothing to commit
        assertThat(kill.flowingAgainNanos(advances, Map.of(0, 200L, 1, 100L))).contains(500 * MS);
    }

    @Test
    void aPartitionThatNeverMovesOnMeansNeverFlowingAgain() {
        ChaosFault kill = new ChaosFault("kill", 350 * MS, 400 * MS, Map.of(0, 80L, 1, 130L));

        assertThat(kill.flowingAgainNanos(advances, Map.of(0, 200L, 1, 140L))).isEmpty();
    }

    @Test
    void aPartitionWithNoCommitBeforeTheMarkStoodAtItsStart() {
        ChaosFault start = new ChaosFault("the load started", 0, 0, Map.of());

        assertThat(start.committedAt(3)).isZero();
        assertThat(start.flowingAgainNanos(advances, Map.of(0, 200L, 1, 140L))).contains(100 * MS);
    }

    @Test
    void theLongestStallIsTheLongestGapBetweenCommitsOfOnePartitionInTheWindow() {
        CommitStall stall = CommitStall.longest(advances, 200 * MS, 1_000 * MS).orElseThrow();

        assertThat(stall.partition()).isEqualTo(1);
        assertThat(stall.millis()).isEqualTo(600);
        assertThat(CommitStall.longest(List.of(), 0, MS)).isEmpty();
    }
}
