package dev.fleetinference.localstack.streamapp;

import dev.fleetinference.schemas.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The predictions read from the devices' topics (with {@link CommittedRecords}, so as a device reads them), by event
 * id: the exactly-once check of the crash test and the benchmark's crash run. Every event must have exactly one.
 *
 * <p>Not thread-safe: one reader feeds it, then it is asked.
 */
public final class CommittedPredictions implements Consumer<ConsumerRecord<byte[], byte[]>> {

    /** One prediction as read: its event and device, where it was read, when it was scored. */
    public record ReadPrediction(UUID eventId, String deviceId, String topic, int partition, long offset,
                                 Instant scoredTime) {

        /** {@code topic-partition@offset}. */
        public String position() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    private final Deserializer<Prediction> deserializer;
    private final List<ReadPrediction> all = new ArrayList<>();
    private final Map<UUID, List<ReadPrediction>> byEvent = new LinkedHashMap<>();

    /** Empty: fed with the records of the devices' topics, which {@code deserializer} turns into predictions. */
    public CommittedPredictions(Deserializer<Prediction> deserializer) {
        this.deserializer = deserializer;
    }

    /**
     * Every prediction on {@code topics}, read to their last stable offsets: call it once no transaction is left open
     * on them, or what follows one stays hidden.
     *
     * @throws TimeoutException if their end is not reached within {@code timeout}
     */
    public static CommittedPredictions read(String bootstrapServers, Collection<String> topics,
                                            Deserializer<Prediction> deserializer, Duration timeout)
            throws TimeoutException {
        return read(bootstrapServers, Map.of(), topics, deserializer, timeout);
    }

    /** {@link #read(String, Collection, Deserializer, Duration)} with further client settings (security, say). */
    public static CommittedPredictions read(String bootstrapServers, Map<String, String> clientSettings,
                                            Collection<String> topics, Deserializer<Prediction> deserializer,
                                            Duration timeout) throws TimeoutException {
        CommittedPredictions predictions = new CommittedPredictions(deserializer);
        try (CommittedRecords records = new CommittedRecords(bootstrapServers, clientSettings, topics, timeout)) {
            records.readToEnd(timeout, predictions);
        }
        return predictions;
    }

    @Override
    public void accept(ConsumerRecord<byte[], byte[]> record) {
        Prediction prediction = deserializer.deserialize(record.topic(), record.value());
        ReadPrediction read = new ReadPrediction(prediction.getEventId(), prediction.getDeviceId(), record.topic(),
                record.partition(), record.offset(), prediction.getScoredTime());
        all.add(read);
        byEvent.computeIfAbsent(read.eventId(), id -> new ArrayList<>()).add(read);
    }

    /** Predictions read, duplicates included. */
    public long total() {
        return all.size();
    }

    /** Every prediction read, in the order read. */
    public List<ReadPrediction> all() {
        return List.copyOf(all);
    }

    /** The events that have a prediction. */
    public Set<UUID> eventIds() {
        return Set.copyOf(byEvent.keySet());
    }

    /** Events of {@code sent} with no prediction. */
    public long missing(Set<UUID> sent) {
        return sent.stream().filter(id -> !byEvent.containsKey(id)).count();
    }

    /** Predictions beyond the first for events of {@code sent}. */
    public long duplicates(Set<UUID> sent) {
        return sent.stream().mapToLong(id -> Math.max(0, byEvent.getOrDefault(id, List.of()).size() - 1)).sum();
    }

    /** The events with more than one prediction, and where each of them was read. */
    public Map<UUID, List<String>> duplicated() {
        return byEvent.entrySet().stream().filter(e -> e.getValue().size() > 1).collect(Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().stream().map(ReadPrediction::position).toList(),
                (a, b) -> a, LinkedHashMap::new));
    }

    /** Events for which {@code test} holds whose last prediction was scored after {@code time}. */
    public long scoredAfter(Instant time, Predicate<UUID> test) {
        return byEvent.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(p -> p.scoredTime().isAfter(time)))
                .filter(e -> test.test(e.getKey()))
                .count();
    }
}
