package dev.fleetinference.simulator.fleet;

import dev.fleetinference.schemas.FeatureEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the fleet's events at the pacer's rate, the devices taking turns, through the one producer they share.
 * Each event is keyed by its device's id and tracked before it is handed to the producer.
 */
final class EventSender {

    private static final Logger LOG = LoggerFactory.getLogger(EventSender.class);

    private final List<FleetDevice> devices;
    private final Producer<String, FeatureEvent> producer;
    private final String topic;
    private final RoundTripTracker tracker;
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private int nextDevice;

    EventSender(List<FleetDevice> devices, Producer<String, FeatureEvent> producer, String topic,
                RoundTripTracker tracker) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one device");
        }
        this.devices = List.copyOf(devices);
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
    }

    /**
     * Sends until {@code limit} is reached or {@code stop} is counted down; between slots the thread waits on
     * {@code stop}, so it never spins and a stop ends the wait at once. The limit's duration counts from
     * {@code startNanos}, the pacer's origin.
     */
    void run(Pacer pacer, SendLimit limit, long startNanos, CountDownLatch stop) throws InterruptedException {
        long maxElapsed = limit.duration().map(Duration::toNanos).orElse(Long.MAX_VALUE);
        long remaining = limit.events().orElse(Long.MAX_VALUE);
        while (remaining > 0 && stop.getCount() > 0) {
            long now = System.nanoTime();
            // differences of nanoTime readings, never the readings themselves: their origin is arbitrary
            long left = maxElapsed - (now - startNanos);
            // a thread that wakes after the deadline (a busy machine) still sends the slots due before it, so a
            // run of D at R events a second sends R x D events, not one or two fewer
            long due = pacer.take(left <= 0 ? startNanos + maxElapsed - 1 : now, remaining);
            for (long i = 0; i < due; i++) {
                sendNext();
            }
            remaining -= due;
            if (left <= 0) {
                return;
            }
            if (due == 0) {
                long wait = Math.min(pacer.nanosUntilNext(now), left);
                stop.await(Math.max(1, wait), TimeUnit.NANOSECONDS);
            }
        }
    }

    private void sendNext() {
        FleetDevice device = devices.get(nextDevice);
        nextDevice = (nextDevice + 1) % devices.size();
        FeatureEvent event = device.nextEvent(Instant.now());
        UUID eventId = event.getEventId();
        tracker.sent(eventId, device.id(), device.failing(), System.nanoTime());
        producer.send(new ProducerRecord<>(topic, device.id(), event), (metadata, error) -> {
            if (error != null) {
                tracker.sendFailed(eventId);
                if (failureLogged.compareAndSet(false, true)) {
                    LOG.warn("could not send event {} from {} to {} (later failures are only counted): {}",
                            eventId, device.id(), topic, error.toString());
                }
            }
        });
    }
}
