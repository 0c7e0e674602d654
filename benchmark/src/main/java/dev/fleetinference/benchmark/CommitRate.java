package dev.fleetinference.benchmark;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The commit rate over a window, from the advances a {@link CommitWatcher} saw: between the last commit seen at or
 * before the window's start and the last one seen at or before its end, so that the count and the time span match
 * (commits come in steps, one transaction at a time).
 *
 * @param events    events committed between the two commits
 * @param seconds   the time between them
 */
record CommitRate(long events, double seconds) {

    /** Events a second; 0 if the window held no two commits. */
    double perSecond() {
        return seconds > 0 ? events / seconds : 0;
    }

    /** The rate between {@code fromNanos} and {@code toNanos} from {@code advances}, in the order seen. */
    static CommitRate between(List<CommitWatcher.Advance> advances, long fromNanos, long toNanos) {
        Map<Integer, Long> offsets = new TreeMap<>();
        long startCount = -1;
        long startNanos = 0;
        long endCount = -1;
        long endNanos = 0;
        for (CommitWatcher.Advance advance : advances) {
            offsets.put(advance.partition(), advance.offset());
            long count = offsets.values().stream().mapToLong(Long::longValue).sum();
            if (advance.nanos() <= fromNanos) {
                startCount = count;
                startNanos = advance.nanos();
            }
            if (advance.nanos() <= toNanos) {
                endCount = count;
                endNanos = advance.nanos();
            }
        }
        if (startCount < 0 || endNanos <= startNanos) {
            return new CommitRate(0, 0);
        }
        return new CommitRate(endCount - startCount, (endNanos - startNanos) / 1e9);
    }
}
