package dev.fleetinference.simulator.fleet;

import dev.fleetinference.schemas.Prediction;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads the devices' predictions topics and hands each prediction to the tracker as coming from the device whose
 * topic it was read from.
 *
 * <p>A real device reads only its own topic {@code predictions.<deviceId>}, with a consumer of its own and, once
 * security is on, an ACL that allows nothing else. To keep a fleet of 50 or 100 devices to a sane number of threads,
 * one consumer serves them all here, assigned each device's partitions by name exactly as that device would
 * ({@code assign}, never a pattern subscription); the topic a record was read from decides the device it is
 * matched against, so one device's predictions are never matched to another device's events.
 *
 * <p>A topic that exists when the run starts is read from its end (older predictions are not this run's); one that
 * appears later is read from its beginning, so nothing written before it was assigned is missed. Reads committed
 * records only. Runs on its own thread; {@link #add} and {@link #stop} may be called from any thread.
 */
final class PredictionReader implements Runnable {

    private static final Duration POLL = Duration.ofMillis(100);

    private record Assignment(List<DeviceTopic> topics, boolean fromBeginning) {
    }

    private final Consumer<String, Prediction> consumer;
    private final RoundTripTracker tracker;
    private final Map<String, String> deviceByTopic;
    private final java.util.function.Consumer<RuntimeException> onFailure;
    private final BlockingQueue<Assignment> assignments = new LinkedBlockingQueue<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean stopping;

    /**
     * @param existing  the topics that exist before the first event is sent: read from their end
     * @param onFailure told when reading fails for good (the reader has stopped then)
     */
    PredictionReader(Consumer<String, Prediction> consumer, RoundTripTracker tracker,
                     Map<String, String> deviceByTopic, List<DeviceTopic> existing,
                     java.util.function.Consumer<RuntimeException> onFailure) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.deviceByTopic = Map.copyOf(deviceByTopic);
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        assignments.add(new Assignment(List.copyOf(existing), false));
    }

    /** Topics that appeared after the start: read from their beginning. */
    void add(List<DeviceTopic> topics) {
        assignments.add(new Assignment(List.copyOf(topics), true));
    }

    /**
     * Waits until the topics that existed at the start are positioned at their end, so that every prediction for
     * an event sent afterwards is read. False if that took longer than {@code timeout}.
     */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops reading; the reader's thread then closes the consumer and ends. */
    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            applyAssignments();
            ready.countDown();
            while (!stopping) {
                if (assigned.isEmpty()) {
                    // a consumer with nothing assigned may not poll: wait for the first topic to appear
                    Assignment first = assignments.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    if (first != null) {
                        apply(first);
                    }
                    continue;
                }
                applyAssignments();
                read();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                onFailure.accept(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            onFailure.accept(e);
        } finally {
            ready.countDown();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void read() {
        ConsumerRecords<String, Prediction> records;
        try {
            records = consumer.poll(POLL);
        } catch (RecordDeserializationException e) {
            tracker.unreadable();
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return;
        }
        // the moment the device holds its predictions; the same for every record of one poll
        long receivedNanos = System.nanoTime();
        for (ConsumerRecord<String, Prediction> record : records) {
            if (record.value() == null) {
                tracker.unreadable();
            } else {
                tracker.received(deviceByTopic.get(record.topic()), record.value(), receivedNanos);
            }
        }
    }

    private void applyAssignments() {
        Assignment next;
        while ((next = assignments.poll()) != null) {
            apply(next);
        }
    }

    private void apply(Assignment assignment) {
        List<TopicPartition> added = assignment.topics().stream()
                .flatMap(t -> t.partitions().stream())
                .filter(p -> !assigned.contains(p))
                .toList();
        if (added.isEmpty()) {
            return;
        }
        assigned.addAll(added);
        consumer.assign(Set.copyOf(assigned));
        if (assignment.fromBeginning()) {
            consumer.seekToBeginning(added);
        } else {
            consumer.seekToEnd(added);
            // the seek is lazy: look the end offsets up now, before any event is sent, not at the first poll
            added.forEach(consumer::position);
        }
    }
}
