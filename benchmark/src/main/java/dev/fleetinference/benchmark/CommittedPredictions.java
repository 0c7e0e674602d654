package dev.fleetinference.benchmark;

import dev.fleetinference.schemas.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Every prediction on the devices' topics as a device reads them (read_committed), read from the beginning to the end:
 * how many each event got and when the last of them was scored.
 */
final class CommittedPredictions {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<UUID, Integer> counts;
    private final Map<UUID, Instant> scored;
    private final long total;

    private CommittedPredictions(Map<UUID, Integer> counts, Map<UUID, Instant> scored, long total) {
        this.counts = counts;
        this.scored = scored;
        this.total = total;
    }

    /**
     * Reads partition 0 of each of {@code topics} up to its last stable offset (the end a read_committed consumer
     * sees: call it once no transaction is left open, or what follows one stays hidden).
     *
     * @throws BenchFailedException if the end is not reached within {@code timeout}
     */
    static CommittedPredictions read(String bootstrapServers, Collection<String> topics,
                                     Deserializer<Prediction> deserializer, Duration timeout) {
        Map<UUID, Integer> counts = new HashMap<>();
        Map<UUID, Instant> scored = new HashMap<>();
        long total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-crash-check",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream().map(topic -> new TopicPartition(topic, 0)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new BenchFailedException("crash run: the predictions could not be read to their end within "
                            + timeout.toSeconds() + " s (" + total + " read)");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    Prediction prediction = deserializer.deserialize(record.topic(), record.value());
                    counts.merge(prediction.getEventId(), 1, Integer::sum);
                    scored.merge(prediction.getEventId(), prediction.getScoredTime(),
                            (a, b) -> a.isAfter(b) ? a : b);
                    total++;
                }
            }
        }
        return new CommittedPredictions(counts, scored, total);
    }

    /** Predictions read, duplicates included. */
    long total() {
        return total;
    }

    /** Events of {@code sent} with no prediction. */
    long missing(Set<UUID> sent) {
        return sent.stream().filter(id -> !counts.containsKey(id)).count();
    }

    /** Predictions beyond the first for events of {@code sent}. */
    long duplicates(Set<UUID> sent) {
        return sent.stream().mapToLong(id -> Math.max(0, counts.getOrDefault(id, 0) - 1)).sum();
    }

    /** Events for which {@code test} holds whose prediction was scored after {@code time}. */
    long scoredAfter(Instant time, Predicate<UUID> test) {
        return scored.entrySet().stream().filter(e -> e.getValue().isAfter(time) && test.test(e.getKey())).count();
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
