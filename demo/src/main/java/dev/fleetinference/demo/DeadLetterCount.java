package dev.fleetinference.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The records of a dead-letter topic, counted by the reason the pipeline gave each (its {@value #REASON_HEADER}
 * header), as a read_committed consumer sees them: dead letters of aborted transactions do not count.
 *
 * @param total    every committed record in the topic
 * @param byReason the same records by reason; {@value #NO_REASON} for a record without the header
 */
record DeadLetterCount(long total, SortedMap<String, Long> byReason) {

    static final String REASON_HEADER = "fleet.dlq.reason";
    static final String NO_REASON = "(no reason header)";
    private static final Duration POLL = Duration.ofMillis(200);

    DeadLetterCount {
        byReason = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(byReason, "byReason")));
    }

    static DeadLetterCount none() {
        return new DeadLetterCount(0, new TreeMap<>());
    }

    /**
     * Reads {@code topic} from the beginning to its last stable offset and counts. A topic that does not exist has
     * nothing in it.
     */
    static DeadLetterCount read(String bootstrapServers, String topic, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return none();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, so an open transaction is not waited for
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long total = 0;
            SortedMap<String, Long> byReason = new TreeMap<>();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new DemoFailedException("could not read " + topic + " to its end within "
                            + timeout.toSeconds() + " s at " + bootstrapServers);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    total++;
                    byReason.merge(reason(record), 1L, Long::sum);
                }
            }
            return new DeadLetterCount(total, byReason);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        // positions move past transaction markers too, so compare offsets rather than count records
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(REASON_HEADER);
        return header == null || header.value() == null ? NO_REASON
                : new String(header.value(), StandardCharsets.UTF_8);
    }
}
