package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.localstack.streamapp.CommittedPredictions;
import dev.fleetinference.schemas.ModelLineage;
import dev.fleetinference.schemas.Prediction;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class EventCheckTest {

    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();

    @Test
    void aLossAndADuplicateDoNotPassAsTheRightCount() {
        CommittedPredictions read = predictionsOf(a, a, b);

        EventCheck check = EventCheck.of(Set.of(a, b, c), read);

        assertThat(check.predictions()).isEqualTo(check.sent()).isEqualTo(3);
        assertThat(check.missing()).isEqualTo(1);
        assertThat(check.duplicates()).isEqualTo(1);
        assertThat(check.exactlyOnce()).isFalse();
        assertThat(check.toString()).contains("1 missing", "1 duplicates");
    }

    @Test
    void aPredictionOfAnEventNotSentFailsTheCheck() {
        EventCheck check = EventCheck.of(Set.of(a, b), predictionsOf(a, b, c));

        assertThat(check.unknown()).isEqualTo(1);
        assertThat(check.exactlyOnce()).isFalse();
    }

    @Test
    void oneEachIsExactlyOnce() {
        assertThat(EventCheck.of(Set.of(a, b, c), predictionsOf(c, a, b)).exactlyOnce()).isTrue();
    }

    // predictions as read from a device topic, one record each, decoded by a deserializer that knows them by offset
    private static CommittedPredictions predictionsOf(UUID... eventIds) {
        Deserializer<Prediction> byOffset = (topic, bytes) -> Prediction.newBuilder()
                .setEventId(eventIds[bytes[0]]).setDeviceId("device-1")
                .setModel(new ModelLineage("anomaly", 1, "ab".repeat(32))).setScore(0.5f).setLabel("normal")
                .setEventTime(Instant.EPOCH).setScoredTime(Instant.EPOCH).build();
        CommittedPredictions read = new CommittedPredictions(byOffset);
        for (int i = 0; i < eventIds.length; i++) {
            read.accept(new ConsumerRecord<>("predictions.device-1", 0, i, new byte[0], new byte[] {(byte) i}));
        }
        return read;
    }
}
