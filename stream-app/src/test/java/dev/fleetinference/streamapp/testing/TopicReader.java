package dev.fleetinference.streamapp.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every topic matching a pattern from its beginning, as a device or downstream service would (read_committed,
 * so aborted transactions are never seen), including topics created while reading.
 */
public final class TopicReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    // keyed by position: a rebalance (a new topic matching the pattern) hands partitions back from their start, and
    // a record read twice that way is the same record, not a duplicate
    private final Map<String, ConsumerRecord<String, V>> records = new LinkedHashMap<>();

    public TopicReader(String bootstrapServers, Pattern topics, Deserializer<V> values) {
        this(bootstrapServers, Map.of(), topics, values);
    }

    /** {@link #TopicReader(String, Pattern, Deserializer)} with further client settings (security). */
    public TopicReader(String bootstrapServers, Map<String, String> clientSettings, Pattern topics,
                       Deserializer<V> values) {
        Map<String, Object> settings = new java.util.HashMap<>(clientSettings);
        settings.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // new device topics are found on the next metadata refresh
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500));
        consumer = new KafkaConsumer<>(settings,
                new StringDeserializer(), values);
        consumer.subscribe(topics);
    }

    /** Reads until at least {@code count} records arrived in all, or fails after {@code timeout}; returns them all. */
    public List<ConsumerRecord<String, V>> readAtLeast(int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (records.size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(String.format(Locale.ROOT, "only %d of %d records arrived within %s",
                        records.size(), count, timeout));
            }
            poll();
        }
        return List.copyOf(records.values());
    }

    /** Goes on reading for {@code quiet} and returns everything read so far: to show nothing more arrives. */
    public List<ConsumerRecord<String, V>> readFor(Duration quiet) {
        Instant end = Instant.now().plus(quiet);
        while (Instant.now().isBefore(end)) {
            poll();
        }
        return List.copyOf(records.values());
    }

    private void poll() {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
            records.put(record.topic() + "-" + record.partition() + "@" + record.offset(), record);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
