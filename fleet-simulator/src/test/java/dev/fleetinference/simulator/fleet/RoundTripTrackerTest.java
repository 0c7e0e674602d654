package dev.fleetinference.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetinference.schemas.ModelLineage;
import dev.fleetinference.schemas.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoundTripTrackerTest {

    private static final long MS = 1_000_000L;

    private final RoundTripTracker tracker = new RoundTripTracker();

    @Test
    void aPredictionOnTheSendersOwnTopicAnswersItsEventAndTimesTheRoundTrip() {
        UUID event = sent("device-0001", false, 0);

        tracker.received("device-0001", prediction(event, "device-0001", "normal", 1), 5 * MS);

        RoundTripTally tally = tracker.tally();
        assertThat(tally.answered()).isEqualTo(1);
        assertThat(tally.received()).isEqualTo(1);
        assertThat(tally.inFlight()).isZero();
        assertThat(tally.roundTrip().count()).isEqualTo(1);
        assertThat(tally.roundTrip().p50().toNanos()).isCloseTo(5 * MS, within(5 * MS / 1000));
        assertThat(tally.perModelVersion()).containsExactly(Map.entry("anomaly v1", 1L));
        assertThat(tracker.finish()).isEmpty();
    }

    @Test
    void eachDevicesFirstEventIsTimedAgainAsItsFirstPrediction() {
        UUID firstOfA = sent("device-0001", false, 0);
        UUID secondOfA = sent("device-0001", false, MS);
        UUID firstOfB = sent("device-0002", false, 2 * MS);

        tracker.received("device-0001", prediction(secondOfA, "device-0001", "normal", 1), 3 * MS);
        tracker.received("device-0001", prediction(firstOfA, "device-0001", "normal", 1), 900 * MS);
        tracker.received("device-0002", prediction(firstOfB, "device-0002", "normal", 1), 42 * MS);

        LatencySummary first = tracker.tally().firstPrediction();
        assertThat(first.count()).isEqualTo(2);
        assertThat(first.max().toNanos()).isCloseTo(900 * MS, within(900 * MS / 1000));
        assertThat(first.p50().toNanos()).isCloseTo(40 * MS, within(40 * MS / 1000));
        assertThat(tracker.tally().roundTrip().count()).isEqualTo(3);
    }

    @Test
    void aSecondPredictionForTheSameEventIsADuplicateAndNotTimedAgain() {
        UUID event = sent("device-0001", false, 0);
        tracker.received("device-0001", prediction(event, "device-0001", "normal", 1), 5 * MS);

        tracker.received("device-0001", prediction(event, "device-0001", "normal", 1), 9 * MS);

        RoundTripTally tally = tracker.tally();
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.answered()).isEqualTo(1);
        assertThat(tally.received()).isEqualTo(2);
        assertThat(tally.roundTrip().count()).isEqualTo(1);
        assertThat(tally.perModelVersion()).containsExactly(Map.entry("anomaly v1", 1L));
    }

    @Test
    void aPredictionForAnEventThisRunNeverSentIsUnknown() {
        sent("device-0001", false, 0);

        tracker.received("device-0001", prediction(UUID.randomUUID(), "device-0001", "normal", 1), MS);

        assertThat(tracker.tally().unknown()).isEqualTo(1);
        assertThat(tracker.tally().inFlight()).isEqualTo(1);
    }

    @Test
    void aPredictionOnAnotherDevicesTopicIsNeverMatchedAndItsEventStaysMissing() {
        UUID event = sent("device-0001", false, 0);

        tracker.received("device-0002", prediction(event, "device-0001", "normal", 1), MS);

        assertThat(tracker.tally().misrouted()).isEqualTo(1);
        assertThat(tracker.tally().answered()).isZero();
        assertThat(tracker.finish()).containsExactly(event);
    }

    @Test
    void anAnsweredEventsPredictionOnAnotherDevicesTopicIsMisroutedRatherThanADuplicate() {
        UUID event = sent("device-0001", false, 0);
        tracker.received("device-0001", prediction(event, "device-0001", "normal", 1), MS);

        tracker.received("device-0002", prediction(event, "device-0001", "normal", 1), 2 * MS);

        assertThat(tracker.tally().misrouted()).isEqualTo(1);
        assertThat(tracker.tally().duplicates()).isZero();
    }

    @Test
    void anomaliesAreSplitByWhetherTheSendingDeviceIsInAFailureMode() {
        UUID fromFailing = sent("device-0001", true, 0);
        UUID alsoFromFailing = sent("device-0001", true, 0);
        UUID fromHealthy = sent("device-0002", false, 0);
        UUID normal = sent("device-0002", false, 0);

        tracker.received("device-0001", prediction(fromFailing, "device-0001", "anomaly", 1), MS);
        tracker.received("device-0001", prediction(alsoFromFailing, "device-0001", "anomaly", 2), MS);
        tracker.received("device-0002", prediction(fromHealthy, "device-0002", "anomaly", 2), MS);
        tracker.received("device-0002", prediction(normal, "device-0002", "normal", 2), MS);

        RoundTripTally tally = tracker.tally();
        assertThat(tally.anomalies()).isEqualTo(new AnomalyCounts(3, 2, 1));
        assertThat(tally.perModelVersion()).containsExactly(Map.entry("anomaly v1", 1L), Map.entry("anomaly v2", 3L));
    }

    @Test
    void eventsUnansweredAtTheEndAreMissingAndLaterPredictionsAreIgnored() {
        UUID answered = sent("device-0001", false, 0);
        UUID unanswered = sent("device-0001", false, 0);
        tracker.received("device-0001", prediction(answered, "device-0001", "normal", 1), MS);

        var missing = tracker.finish();
        tracker.received("device-0001", prediction(unanswered, "device-0001", "normal", 1), 20 * MS);

        assertThat(missing).containsExactly(unanswered);
        assertThat(tracker.tally().answered()).isEqualTo(1);
        assertThat(tracker.tally().received()).isEqualTo(1);
    }

    @Test
    void anEventTheProducerCouldNotDeliverIsAFailureNotMissing() {
        UUID event = sent("device-0001", false, 0);

        tracker.sendFailed(event);

        assertThat(tracker.tally().sendFailures()).isEqualTo(1);
        assertThat(tracker.finish()).isEmpty();
    }

    @Test
    void percentilesMatchKnownRoundTripsWithinAThousandth() {
        for (int ms = 1; ms <= 100; ms++) {
            UUID event = sent("device-0001", false, 0);
            tracker.received("device-0001", prediction(event, "device-0001", "normal", 1), ms * MS);
        }

        LatencySummary roundTrip = tracker.tally().roundTrip();

        assertThat(roundTrip.count()).isEqualTo(100);
        assertThat(roundTrip.p50().toNanos()).isCloseTo(50 * MS, within(50 * MS / 1000));
        assertThat(roundTrip.p95().toNanos()).isCloseTo(95 * MS, within(95 * MS / 1000));
        assertThat(roundTrip.p99().toNanos()).isCloseTo(99 * MS, within(99 * MS / 1000));
        assertThat(roundTrip.max().toNanos()).isCloseTo(100 * MS, within(100 * MS / 1000));
    }

    @Test
    void theSendRateIsCountedBetweenTheFirstAndTheLastSend() {
        for (int i = 0; i <= 10; i++) {
            sent("device-0001", false, i * 100 * MS);
        }

        assertThat(tracker.tally().sendRatePerSecond()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void waitingForTheEventsInFlightEndsWhenTheLastOneIsAnswered() throws Exception {
        UUID event = sent("device-0001", false, 0);
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitNoneInFlight(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        tracker.received("device-0001", prediction(event, "device-0001", "normal", 1), MS);

        assertThat(waited.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waitingForAnEventNeverAnsweredEndsAfterTheTimeout() throws Exception {
        sent("device-0001", false, 0);

        assertThat(tracker.awaitNoneInFlight(Duration.ofMillis(50))).isFalse();
    }

    private UUID sent(String deviceId, boolean failing, long nanos) {
        UUID event = UUID.randomUUID();
        tracker.sent(event, deviceId, failing, nanos);
        return event;
    }

    private static Prediction prediction(UUID eventId, String deviceId, String label, int modelVersion) {
        return Prediction.newBuilder()
                .setEventId(eventId).setDeviceId(deviceId)
                .setModel(new ModelLineage("anomaly", modelVersion, "ab".repeat(32)))
                .setScore(0.5f).setScores(Map.of("score", 0.5f)).setLabel(label)
                .setEventTime(Instant.EPOCH).setScoredTime(Instant.EPOCH)
                .build();
    }
}
