package dev.fleetinference.benchmark;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The longest a partition of the events topic went without a commit: how long a fault held predictions up there,
 * whatever the fault. Read from the commit watcher's advances, over a window in which events kept coming.
 *
 * @param partition the partition
 * @param fromNanos its last commit before the stall (or the window's start)
 * @param toNanos   its next commit (or the window's end)
 */
record CommitStall(int partition, long fromNanos, long toNanos) {

    long millis() {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    /**
     * The longest gap between commits of one partition from {@code startNanos} to {@code endNanos}, among the
     * partitions that committed at all: one with no events has nothing to commit. Empty if none did.
     */
    static Optional<CommitStall> longest(List<CommitWatcher.Advance> advances, long startNanos, long endNanos) {
        Map<Integer, TreeSet<Long>> byPartition = new TreeMap<>();
        advances.forEach(advance -> byPartition.computeIfAbsent(advance.partition(), p -> new TreeSet<>())
                .add(advance.nanos()));
        CommitStall longest = null;
        for (Map.Entry<Integer, TreeSet<Long>> partition : byPartition.entrySet()) {
            long previous = startNanos;
            for (long at : partition.getValue().subSet(startNanos, true, endNanos, true)) {
                longest = longer(longest, new CommitStall(partition.getKey(), previous, at));
                previous = at;
            }
            longest = longer(longest, new CommitStall(partition.getKey(), previous, endNanos));
        }
        return Optional.ofNullable(longest);
    }

    private static CommitStall longer(CommitStall a, CommitStall b) {
        return a == null || b.toNanos - b.fromNanos > a.toNanos - a.fromNanos ? b : a;
    }
}
