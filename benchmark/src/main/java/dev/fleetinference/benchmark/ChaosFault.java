package dev.fleetinference.benchmark;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fault a chaos scenario made, and where the events topic's partitions stood once it had taken effect: predictions
 * flow again once every partition that had events left has committed past that.
 *
 * @param label     what happened, for the notes ({@code kill 1 of chaos-b})
 * @param faultNanos when it happened; the recovery counts from here
 * @param markNanos when {@code committed} was read (after a killed instance is gone, say)
 * @param committed each partition's committed offset then; a partition with none has committed nothing
 */
record ChaosFault(String label, long faultNanos, long markNanos, Map<Integer, Long> committed) {

    ChaosFault {
        committed = Map.copyOf(committed);
    }

    /** Where {@code partition} stood: the offset of the first event not committed then. */
    long committedAt(int partition) {
        return committed.getOrDefault(partition, 0L);
    }

    /**
     * When every partition with events past the mark (by {@code endOffsets}, the events topic's final ends) had
     * committed past it, from the commit watcher's {@code advances}; the mark itself if none had any; empty if one
     * never did.
     */
    Optional<Long> flowingAgainNanos(List<CommitWatcher.Advance> advances, Map<Integer, Long> endOffsets) {
        long latest = markNanos;
        for (Map.Entry<Integer, Long> end : endOffsets.entrySet()) {
            int partition = end.getKey();
            long from = committedAt(partition);
            if (end.getValue() <= from) {
                continue;
            }
            Optional<Long> first = advances.stream()
                    .filter(a -> a.partition() == partition && a.nanos() >= markNanos && a.offset() > from)
                    .map(CommitWatcher.Advance::nanos).min(Long::compare);
            if (first.isEmpty()) {
                return Optional.empty();
            }
            latest = Math.max(latest, first.get());
        }
        return Optional.of(latest);
    }
}
