package dev.fleetinference.benchmark;

import dev.fleetinference.schemas.FeatureEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The events every round pre-loads, made once so that every variant scores the same ones: the fleet's devices taking
 * turns, serialized as a device's serializer writes them.
 */
final class PreloadedEvents {

    /** Feature events are serialized under this topic's subject; the stream app reads any topic by schema id. */
    static final String SUBJECT_TOPIC = "bench.events";
    /** Events kept as objects (for the model's feature rows); the rest only as bytes. */
    static final int KEPT = 10_000;

    private final List<FeatureEvent> events;
    private final List<String> keys;
    private final List<UUID> ids;
    private final List<byte[]> values;

    private PreloadedEvents(List<FeatureEvent> events, List<String> keys, List<UUID> ids, List<byte[]> values) {
        this.events = events;
        this.keys = keys;
        this.ids = ids;
        this.values = values;
    }

    /**
     * The same {@code count} events of {@code fleet} for each of {@code clusters}, in their order, serialized by each
     * (its schema registry gives the schema id in the bytes).
     */
    static List<PreloadedEvents> make(BenchFleet fleet, int count, List<BenchCluster> clusters) {
        List<FeatureEvent> events = new ArrayList<>(Math.min(count, KEPT));
        List<String> keys = new ArrayList<>(count);
        List<UUID> ids = new ArrayList<>(count);
        List<List<byte[]>> values = clusters.stream().map(c -> (List<byte[]>) new ArrayList<byte[]>(count)).toList();
        for (int i = 0; i < count; i++) {
            FeatureEvent event = fleet.next(Instant.now());
            if (i < KEPT) {
                events.add(event);
            }
            keys.add(event.getDeviceId());
            ids.add(event.getEventId());
            for (int c = 0; c < clusters.size(); c++) {
                values.get(c).add(clusters.get(c).serialize(SUBJECT_TOPIC, event));
            }
        }
        List<FeatureEvent> kept = List.copyOf(events);
        List<String> allKeys = List.copyOf(keys);
        List<UUID> allIds = List.copyOf(ids);
        return values.stream().map(v -> new PreloadedEvents(kept, allKeys, allIds, List.copyOf(v))).toList();
    }

    int size() {
        return values.size();
    }

    /** The ids of the first {@code count} events, in the order they are sent. */
    List<UUID> ids(int count) {
        return ids.subList(0, count);
    }

    /** The first {@code count} events (at most {@link #KEPT}), for feature rows. */
    List<FeatureEvent> events(int count) {
        return events.subList(0, Math.min(count, events.size()));
    }

    /** Pre-loading a round's events failed: the round can be tried again on fresh topics. */
    static final class PreloadFailedException extends BenchFailedException {
        PreloadFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Sends the first {@code count} events to {@code topic}, keyed by device id, and waits until all are written. */
    void send(KafkaProducer<String, byte[]> producer, String topic, int count, BenchDevices devices) {
        if (count > values.size()) {
            throw new IllegalArgumentException(count + " events asked for, " + values.size() + " made");
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            producer.send(devices.record(topic, keys.get(i), values.get(i)), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new PreloadFailedException("could not pre-load the events to " + topic + ": "
                    + failure.get().getMessage(), failure.get());
        }
    }
}
