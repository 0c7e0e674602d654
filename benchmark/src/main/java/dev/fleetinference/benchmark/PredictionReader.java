package dev.fleetinference.benchmark;

import dev.fleetinference.schemas.Prediction;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every device's predictions topic as a device would, read_committed, so a prediction counts only once the
 * transaction that wrote it has committed. Counts them (every event must get exactly one), and times the round trip of
 * the events {@link #track tracked}: sent to visible.
 *
 * <p>Its own thread polls; the others wait on its conditions. Predictions are decoded only from
 * {@link #startDecoding()} on, so reading costs little CPU while the throughput is measured.
 */
final class PredictionReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<Prediction> predictions;
    private final Thread thread;
    private final Map<UUID, Long> tracked = new ConcurrentHashMap<>();
    // microseconds from send to visible, of the tracked events
    private final Histogram roundTrips = new Histogram(3);
    private volatile boolean decoding;
    private volatile boolean closed;
    private long count;
    private RuntimeException failure;

    /** Reads partition 0 of each of {@code topics}, as the admin of {@code cluster}. */
    PredictionReader(BenchCluster cluster, Collection<String> topics) {
        this.predictions = cluster.predictions();
        consumer = new KafkaConsumer<>(cluster.settings(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-predictions",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // it only counts: large polls keep it from falling behind, so what it sees is what is visible
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000)),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = topics.stream().map(topic -> new TopicPartition(topic, 0)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "bench-prediction-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Call before the event is sent: its prediction is timed from {@code sentNanos}. */
    void track(UUID eventId, long sentNanos) {
        decoding = true;
        tracked.put(eventId, sentNanos);
    }

    /** From now on predictions are decoded and matched to tracked events (so the cost is the same while warming up). */
    void startDecoding() {
        decoding = true;
    }

    /** Predictions read so far. */
    synchronized long count() {
        return count;
    }

    /** Waits until the count reaches {@code count}; false if {@code timeout} passed first. */
    synchronized boolean awaitCount(long target, Duration timeout) throws InterruptedException {
        return awaitUntil(() -> count >= target, timeout);
    }

    /** Waits until every tracked event has its prediction; false if {@code timeout} passed first. */
    synchronized boolean awaitTrackedAnswered(Duration timeout) throws InterruptedException {
        return awaitUntil(tracked::isEmpty, timeout);
    }

    // called holding this object's monitor, which the reading thread notifies on every change
    private boolean awaitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            throwIfFailed();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Tracked events still without a prediction. */
    int unanswered() {
        return tracked.size();
    }

    /** A copy of the round trips so far, in microseconds. */
    synchronized Histogram roundTrips() {
        return roundTrips.copy();
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                long now = System.nanoTime();
                if (!records.isEmpty()) {
                    read(records, now);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
                notifyAll();
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private synchronized void read(ConsumerRecords<String, byte[]> records, long now) {
        if (decoding) {
            for (ConsumerRecord<String, byte[]> record : records) {
                Prediction prediction = predictions.deserialize(record.topic(), record.value());
                Long sent = tracked.remove(prediction.getEventId());
                if (sent != null) {
                    roundTrips.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - sent)));
                }
            }
        }
        count += records.count();
        notifyAll();
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw new IllegalStateException("reading the predictions failed: " + failure.getMessage(), failure);
        }
    }
}
