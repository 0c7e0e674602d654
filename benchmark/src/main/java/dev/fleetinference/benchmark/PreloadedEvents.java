package dev.fleetinference.benchmark;

import dev.fleetinference.schemas.FeatureEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The events the rounds pre-load, made once so that every variant scores the same ones (a round that needs fewer
 * sends the first of them): the fleet's devices taking turns, serialized as a device's serializer writes them, once
 * for each of the run's stacks (each schema registry gives its own schema id). It grows when a round needs more.
 */
final class PreloadedEvents {

    /** Feature events are serialized under this topic's subject; the stream app reads any topic by schema id. */
    static final String SUBJECT_TOPIC = "bench.events";
    /** Events kept as objects (for the model's feature rows); the rest only as bytes. */
    static final int KEPT = 10_000;

    private final BenchFleet fleet;
    private final List<BenchCluster> clusters;
    // the fleet's own id strings, not a copy per event: millions of events, a hundred devices
    private final Map<String, String> deviceIds = new HashMap<>();
    private final List<FeatureEvent> events = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final List<UUID> ids = new ArrayList<>();
    // by cluster, in the order of clusters
    private final List<List<byte[]>> values = new ArrayList<>();

    /** {@code count} events of {@code fleet} for each of {@code clusters}. */
    PreloadedEvents(BenchFleet fleet, int count, List<BenchCluster> clusters) {
        this.fleet = fleet;
        this.clusters = List.copyOf(clusters);
        clusters.forEach(cluster -> values.add(new ArrayList<>()));
        fleet.deviceIds().forEach(id -> deviceIds.put(id, id));
        ensure(count);
    }

    /** Makes events until there are at least {@code count}. */
    synchronized void ensure(int count) {
        for (int i = ids.size(); i < count; i++) {
            FeatureEvent event = fleet.next(Instant.now());
            if (i < KEPT) {
                events.add(event);
            }
            keys.add(deviceIds.getOrDefault(event.getDeviceId(), event.getDeviceId()));
            ids.add(event.getEventId());
            for (int c = 0; c < clusters.size(); c++) {
                values.get(c).add(clusters.get(c).serialize(SUBJECT_TOPIC, event));
            }
        }
    }

    synchronized int size() {
        return ids.size();
    }

    /** The ids of the first {@code count} events, in the order they are sent. */
    synchronized List<UUID> ids(int count) {
        return List.copyOf(ids.subList(0, count));
    }

    /** The first {@code count} events (at most {@link #KEPT}), for feature rows. */
    synchronized List<FeatureEvent> events(int count) {
        return List.copyOf(events.subList(0, Math.min(count, events.size())));
    }

    /** Pre-loading a round's events failed: the round can be tried again on fresh topics. */
    static final class PreloadFailedException extends BenchFailedException {
        PreloadFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sends the first {@code count} events, as serialized for {@code cluster}, to {@code topic}, keyed by device id,
     * and waits until all are written.
     */
    synchronized void send(BenchCluster cluster, KafkaProducer<String, byte[]> producer, String topic, int count,
                           BenchDevices devices) {
        if (count > ids.size()) {
            throw new IllegalArgumentException(count + " events asked for, " + ids.size() + " made");
        }
        List<byte[]> serialized = values.get(indexOf(cluster));
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            producer.send(devices.record(topic, keys.get(i), serialized.get(i)), (metadata, error) -> {
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

    private int indexOf(BenchCluster cluster) {
        for (int c = 0; c < clusters.size(); c++) {
            if (clusters.get(c) == cluster) {
                return c;
            }
        }
        throw new IllegalArgumentException("no events made for the cluster at " + cluster.bootstrapServers());
    }
}
