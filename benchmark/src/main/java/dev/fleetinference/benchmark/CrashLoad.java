package dev.fleetinference.benchmark;

import dev.fleetinference.schemas.FeatureEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The crash run's and the chaos run's events, from the bench's fleet, keyed by device, sent at a fixed rate as a fleet
 * sends: on through the kills, restarts and outages, so that an instance dies with events coming in and batches
 * buffered, and its successor starts with a backlog.
 */
final class CrashLoad implements AutoCloseable {

    /** Where an event was written: its partition of the events topic and its offset there. */
    record Position(int partition, long offset) {
    }

    private static final Duration TICK = Duration.ofMillis(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final BenchCluster cluster;
    private final BenchDevices devices;
    private final BenchFleet fleet;
    private final String topic;
    private final AtomicLong events;
    private final double rate;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "bench-crash-load");
                thread.setDaemon(true);
                return thread;
            });
    private final Map<UUID, String> deviceOf = new ConcurrentHashMap<>();
    private final Map<UUID, Position> positions = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long startedNanos;

    /** {@code events} events of {@code fleet} to {@code topic}, at {@code rate} a second, unless stopped sooner. */
    CrashLoad(BenchCluster cluster, BenchFleet fleet, String topic, long events, double rate, BenchDevices devices) {
        this.cluster = cluster;
        this.devices = devices;
        this.fleet = fleet;
        this.topic = topic;
        this.events = new AtomicLong(events);
        this.rate = rate;
        this.producer = cluster.pacedProducer();
    }

    /** Starts sending, in ticks of 10 ms on a thread of its own. */
    void start() {
        startedNanos = System.nanoTime();
        ticks.scheduleAtFixedRate(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events handed to the producer so far. */
    long sent() {
        return sent.get();
    }

    /** The ids of every event sent. */
    Set<UUID> sentIds() {
        return deviceOf.keySet();
    }

    /** The device that sent the event. */
    Optional<String> device(UUID eventId) {
        return Optional.ofNullable(deviceOf.get(eventId));
    }

    /** Sends no more, and waits until every event sent is acknowledged; false if that took over {@code timeout}. */
    boolean stop(Duration timeout) throws InterruptedException {
        events.set(0);
        return ticks.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Where the event was written, once the broker has acknowledged it. */
    Optional<Position> position(UUID eventId) {
        return Optional.ofNullable(positions.get(eventId));
    }

    /** Throws if an event could not be sent: the count of missing predictions would mean nothing. */
    void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new BenchFailedException("crash run: could not send the events to " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        try {
            ticks.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_TIMEOUT);
    }

    // sends what is due by now, so a late tick catches up
    private void tick() {
        long due = Math.min(events.get(), (long) ((System.nanoTime() - startedNanos) * rate / 1e9) + 1);
        try {
            while (sent.get() < due && failure.get() == null) {
                send(fleet.next(Instant.now()));
            }
            if (sent.get() >= events.get() || failure.get() != null) {
                producer.flush();
                ticks.shutdown();
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            ticks.shutdown();
        }
    }

    private void send(FeatureEvent event) {
        UUID id = event.getEventId();
        deviceOf.put(id, event.getDeviceId());
        producer.send(devices.record(topic, event.getDeviceId(), cluster.serialize(topic, event)),
                (written, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        positions.put(id, new Position(written.partition(), written.offset()));
                    }
                });
        sent.incrementAndGet();
    }
}
