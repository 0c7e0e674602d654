package dev.fleetinference.localstack.streamapp;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what is committed on some topics, as a device or a downstream service sees it (read_committed: records of
 * aborted transactions are never seen, and nothing after a transaction still open): every partition of each topic,
 * from its beginning. A topic that does not exist when the reader is made has no records.
 */
public final class CommittedRecords implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private long read;

    /** Assigns every partition of {@code topics}; looking them up waits at most {@code timeout}. */
    public CommittedRecords(String bootstrapServers, Collection<String> topics, Duration timeout) {
        this(bootstrapServers, Map.of(), topics, timeout);
    }

    /** {@link #CommittedRecords(String, Collection, Duration)} with further client settings (security, say). */
    public CommittedRecords(String bootstrapServers, Map<String, String> clientSettings, Collection<String> topics,
                            Duration timeout) {
        Map<String, Object> settings = new java.util.HashMap<>(clientSettings);
        settings.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "committed-records-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false));
        consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            partitions = topics.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic, timeout).stream()
                            .map(p -> new TopicPartition(topic, p.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * Reads on to the end every partition has now (its last stable offset), handing each record to {@code each}.
     *
     * @throws TimeoutException if that end is not reached within {@code timeout}
     */
    public void readToEnd(Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> each) throws TimeoutException {
        if (partitions.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        while (!reached(ends)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(String.format(Locale.ROOT, "could not read %d partitions of %s to "
                        + "their end within %d s (%,d records read)", partitions.size(),
                        partitions.stream().map(TopicPartition::topic).distinct().toList(), timeout.toSeconds(),
                        read));
            }
            poll(each);
        }
    }

    /** Reads on for {@code period}, whatever the ends, handing each record to {@code each}: to see that no more come. */
    public void readFor(Duration period, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        if (partitions.isEmpty()) {
            return;
        }
        long end = System.nanoTime() + period.toNanos();
        do {
            poll(each);
        } while (System.nanoTime() < end);
    }

    @Override
    public void close() {
        consumer.close();
    }

    private void poll(Consumer<ConsumerRecord<byte[], byte[]>> each) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            read++;
            each.accept(record);
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        // positions move past transaction markers too, so compare offsets rather than count records
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
