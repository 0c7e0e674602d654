package dev.fleetinference.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows how many events the stream app has committed: the sum of its group's committed offsets on the events topic,
 * read every few milliseconds, and when each partition's moved on (how long a fault held a partition up). The offsets
 * of a transaction still open are not among them: the group coordinator shows them only once the transaction has
 * committed.
 *
 * <p>Under exactly_once_v2 the offsets are committed in the same transaction as the predictions of those events, so
 * this count is the count of predictions visible to read_committed consumers, with none of a consumer's lag: a
 * reader that must fetch every prediction falls behind when the CPU is short, and its count comes in bursts. The
 * round still checks with such a reader that every prediction became visible.
 */
final class CommitWatcher implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** When the committed count first reached a mark: the count then (a transaction commits many) and the time. */
    record Crossing(long count, long nanos) {
    }

    /** A partition's committed offset moving on: to {@code offset}, first seen at {@code nanos}. */
    record Advance(int partition, long offset, long nanos) {
    }

    private final Admin admin;
    private final String group;
    private final String topic;
    private final Map<Long, Crossing> crossings = new TreeMap<>();
    private final Map<Integer, Long> byPartition = new TreeMap<>();
    private final List<Advance> advances = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private long committed;
    private RuntimeException failure;

    /** @param marks counts whose crossing time is kept */
    CommitWatcher(Admin admin, String group, String topic, List<Long> marks) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        marks.forEach(mark -> crossings.put(mark, null));
        thread = new Thread(this::run, "bench-commit-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the committed count reaches {@code mark}; empty if {@code timeout} passed first. */
    synchronized Optional<Crossing> awaitCrossing(long mark, Duration timeout) throws InterruptedException {
        if (!crossings.containsKey(mark)) {
            throw new IllegalArgumentException("the mark " + mark + " is not watched; watched: " + crossings.keySet());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (crossings.get(mark) == null) {
            if (failure != null) {
                throw new IllegalStateException("reading the committed offsets of " + group + " failed: "
                        + failure.getMessage(), failure);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return Optional.of(crossings.get(mark));
    }

    synchronized long committed() {
        return committed;
    }

    /** The committed offset of each partition that has one, as last read. */
    synchronized Map<Integer, Long> committedByPartition() {
        return Map.copyOf(byPartition);
    }

    /** Every advance of a partition's committed offset seen so far, in the order seen. */
    synchronized List<Advance> advances() {
        return List.copyOf(advances);
    }

    /** The crossings so far, as {@code count@millis} since {@code originNanos}, for logs. */
    synchronized String timeline(long originNanos) {
        StringBuilder text = new StringBuilder();
        crossings.values().stream().filter(c -> c != null).distinct().forEach(c -> text.append(c.count()).append('@')
                .append((c.nanos() - originNanos) / 1_000_000).append(' '));
        return text.toString().strip();
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(REQUEST_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!stop.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                Map<Integer, Long> partitions = new TreeMap<>();
                offsets.forEach((partition, offset) -> {
                    if (partition.topic().equals(topic) && offset != null) {
                        partitions.put(partition.partition(), offset.offset());
                    }
                });
                update(partitions, now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            synchronized (this) {
                failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                notifyAll();
            }
        }
    }

    private synchronized void update(Map<Integer, Long> partitions, long now) {
        partitions.forEach((partition, offset) -> {
            if (offset > byPartition.getOrDefault(partition, -1L)) {
                byPartition.put(partition, offset);
                advances.add(new Advance(partition, offset, now));
            }
        });
        long sum = byPartition.values().stream().mapToLong(Long::longValue).sum();
        if (sum <= committed) {
            return;
        }
        committed = sum;
        crossings.replaceAll((mark, crossing) -> crossing == null && committed >= mark
                ? new Crossing(committed, now) : crossing);
        notifyAll();
    }
}
