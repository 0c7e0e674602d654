package dev.fleetinference.simulator.fleet;

import dev.fleetinference.schemas.Prediction;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Matches the predictions that come back to the events the fleet sent, by event id, and times each round trip.
 *
 * <p>A prediction is matched only when it arrives on the predictions topic of the device that sent its event; on
 * another device's topic it is counted as misrouted and the event stays unanswered. Every sent or answered event
 * costs about 100 bytes until the run ends (answered ones are kept to recognise duplicates).
 *
 * <p>Thread-safe: the sender, the prediction reader and a progress listener call it concurrently. Times are
 * {@link System#nanoTime()} readings from the caller.
 */
final class RoundTripTracker {

    /** The label a prediction carries when the model flags an anomaly. */
    static final String ANOMALY_LABEL = "anomaly";

    // first: the device's first event of the run, whose round trip is also its cold start
    private record Pending(String deviceId, boolean failingDevice, long sentNanos, boolean first) {
    }

    private final Map<UUID, Pending> inFlight = new HashMap<>();
    // event id to the device that sent it, for answered events: a second answer is a duplicate
    private final Map<UUID, String> answered = new HashMap<>();
    // auto-resizing, three significant digits: constant memory whatever the run's length, and cheap to read mid-run
    private final Histogram roundTripMicros = new Histogram(3);
    private final Histogram firstPredictionMicros = new Histogram(3);
    private final Set<String> devicesSending = new HashSet<>();
    private final Map<String, Long> perModelVersion = new TreeMap<>();
    private long sent;
    private long sendFailures;
    private long received;
    private long duplicates;
    private long unknown;
    private long misrouted;
    private long unreadable;
    private long anomaliesFromFailing;
    private long anomaliesFromHealthy;
    private long firstSentNanos;
    private long lastSentNanos;
    private boolean finished;

    /** Call before handing the event to the producer: its prediction may come back before send() returns. */
    synchronized void sent(UUID eventId, String deviceId, boolean failingDevice, long sentNanos) {
        if (finished) {
            throw new IllegalStateException("the run is over; event " + eventId + " from " + deviceId
                    + " cannot be tracked any more");
        }
        if (inFlight.containsKey(eventId) || answered.containsKey(eventId)) {
            throw new IllegalArgumentException("event id " + eventId + " from " + deviceId + " was sent before");
        }
        inFlight.put(eventId, new Pending(deviceId, failingDevice, sentNanos, devicesSending.add(deviceId)));
        if (sent == 0) {
            firstSentNanos = sentNanos;
        }
        lastSentNanos = sentNanos;
        sent++;
    }

    /** The producer gave up on the event: it will not be answered, and is not missing either. */
    synchronized void sendFailed(UUID eventId) {
        sendFailures++;
        inFlight.remove(eventId);
        notifyAll();
    }

    /** A prediction read from {@code topicDeviceId}'s predictions topic. Ignored once the run is finished. */
    synchronized void received(String topicDeviceId, Prediction prediction, long receivedNanos) {
        if (finished) {
            return;
        }
        received++;
        UUID eventId = prediction.getEventId();
        Pending pending = inFlight.get(eventId);
        if (pending == null) {
            String sender = answered.get(eventId);
            if (sender == null) {
                unknown++;
            } else if (sender.equals(topicDeviceId)) {
                duplicates++;
            } else {
                misrouted++;
            }
            return;
        }
        if (!pending.deviceId().equals(topicDeviceId)) {
            misrouted++;
            return;
        }
        inFlight.remove(eventId);
        answered.put(eventId, pending.deviceId());
        long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(receivedNanos - pending.sentNanos()));
        roundTripMicros.recordValue(micros);
        if (pending.first()) {
            firstPredictionMicros.recordValue(micros);
        }
        perModelVersion.merge(prediction.getModel().getName() + " v" + prediction.getModel().getVersion(), 1L,
                Long::sum);
        if (ANOMALY_LABEL.equals(prediction.getLabel())) {
            if (pending.failingDevice()) {
                anomaliesFromFailing++;
            } else {
                anomaliesFromHealthy++;
            }
        }
        if (inFlight.isEmpty()) {
            notifyAll();
        }
    }

    /** A record on a predictions topic that is not a readable {@code Prediction}. */
    synchronized void unreadable() {
        if (!finished) {
            unreadable++;
        }
    }

    /** Waits until no sent event is still waiting for its prediction; false if {@code timeout} passed first. */
    synchronized boolean awaitNoneInFlight(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!inFlight.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized RoundTripTally tally() {
        double rate = sent < 2 || lastSentNanos == firstSentNanos ? 0
                : (sent - 1) * 1e9 / (lastSentNanos - firstSentNanos);
        return new RoundTripTally(sent, sendFailures, received, answered.size(), inFlight.size(), duplicates,
                unknown, misrouted, unreadable,
                new AnomalyCounts(anomaliesFromFailing + anomaliesFromHealthy, anomaliesFromFailing,
                        anomaliesFromHealthy),
                new TreeMap<>(perModelVersion), LatencySummary.ofMicros(roundTripMicros),
                LatencySummary.ofMicros(firstPredictionMicros), rate);
    }

    /** Ends the run: later predictions are ignored. Returns the events still unanswered, which are missing. */
    synchronized Set<UUID> finish() {
        finished = true;
        return Set.copyOf(inFlight.keySet());
    }
}
