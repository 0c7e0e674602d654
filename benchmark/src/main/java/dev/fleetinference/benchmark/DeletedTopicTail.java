package dev.fleetinference.benchmark;

import dev.fleetinference.schemas.Prediction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows a predictions topic that is about to be deleted, read_uncommitted, and keeps the event id of every
 * prediction appended to it: what was appended went with the topic when it was deleted, even from a transaction that
 * committed just after (the broker then has no partition left to mark). It stops collecting once the topic starts
 * again from its first offsets (created again under the same name), where predictions are not lost.
 */
final class DeletedTopicTail implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<Prediction> predictions;
    private final Set<UUID> appended = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;
    private volatile String failure;

    /** Starts reading partition 0 of {@code topic} from its beginning. */
    DeletedTopicTail(BenchCluster cluster, String topic) {
        this.predictions = cluster.predictions();
        consumer = new KafkaConsumer<>(cluster.settings(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "chaos-deleted-topic-tail",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // the last appends before the deletion must be fetched before the partition goes
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5)),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partition = List.of(new TopicPartition(topic, 0));
        consumer.assign(partition);
        consumer.seekToBeginning(partition);
        thread = new Thread(this::run, "chaos-deleted-topic-tail");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether a prediction of {@code eventId} was appended to the topic before it was deleted. */
    boolean appended(UUID eventId) {
        return appended.contains(eventId);
    }

    /** How many predictions were seen appended. */
    int count() {
        return appended.size();
    }

    /** Why it stopped reading early, if it did. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
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
        long highest = -1;
        boolean restarted = false;
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    // an offset read before means the consumer went back to the first ones: the topic was created
                    // again, and from there on the predictions are not lost
                    restarted |= record.offset() <= highest;
                    if (!restarted) {
                        highest = record.offset();
                        appended.add(predictions.deserialize(record.topic(), record.value()).getEventId());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e.toString();
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }
}
