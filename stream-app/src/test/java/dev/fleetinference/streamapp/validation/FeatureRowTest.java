package dev.fleetinference.streamapp.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.streamapp.model.ModelSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An event's features as the model's input row: in the order of the model's signature, every one of them finite. */
class FeatureRowTest {

    private static final ModelSpec SPEC = new ModelSpec("anomaly", 3, "ab".repeat(32), List.of("b", "a"), "features",
            "score", Optional.of(0.5));
    private static final UUID EVENT_ID = UUID.fromString("3f2a5c1e-0000-4000-8000-000000000017");

    @Test
    void theRowFollowsTheSignaturesOrderNotTheEventsMap() {
        Map<String, Float> features = new LinkedHashMap<>();
        features.put("a", 1f);
        features.put("b", 2f);

        assertThat(FeatureRow.of(event(features), SPEC)).containsExactly(2f, 1f);
    }

    @Test
    void featuresTheModelDoesNotTakeAreIgnored() {
        Map<String, Float> features = new LinkedHashMap<>();
        features.put("c", 9f);
        features.put("a", 1f);
        features.put("unused", Float.NaN);
        features.put("b", 2f);

        assertThat(FeatureRow.of(event(features), SPEC)).containsExactly(2f, 1f);
    }

    @Test
    void aMissingFeatureIsRefusedNamingItTheEventTheDeviceAndTheModel() {
        assertThatThrownBy(() -> FeatureRow.of(event(Map.of("b", 2f)), SPEC))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MISSING_FEATURE))
                .hasMessageContaining("feature 'a' is missing")
                .hasMessageContaining(EVENT_ID.toString())
                .hasMessageContaining("device-17")
                .hasMessageContaining("model 'anomaly' version 3")
                .hasMessageContaining("[b, a]");
    }

    @Test
    void aNaNFeatureIsRefusedNamingItTheEventAndTheDevice() {
        assertThatThrownBy(() -> FeatureRow.of(event(Map.of("a", 1f, "b", Float.NaN)), SPEC))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.NON_FINITE_FEATURE))
                .hasMessage("feature 'b' is NaN in event " + EVENT_ID + " from device-17");
    }

    @Test
    void anInfiniteFeatureIsRefusedNamingItTheEventAndTheDevice() {
        assertThatThrownBy(() -> FeatureRow.of(event(Map.of("a", Float.POSITIVE_INFINITY, "b", 2f)), SPEC))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.NON_FINITE_FEATURE))
                .hasMessage("feature 'a' is Infinity in event " + EVENT_ID + " from device-17");
    }

    @Test
    void extremeButFiniteValuesPassUnchanged() {
        assertThat(FeatureRow.of(event(Map.of("a", -Float.MAX_VALUE, "b", Float.MIN_VALUE)), SPEC))
                .containsExactly(Float.MIN_VALUE, -Float.MAX_VALUE);
    }

    private static FeatureEvent event(Map<String, Float> features) {
        return FeatureEvent.newBuilder().setDeviceId("device-17").setEventId(EVENT_ID)
                .setEventTime(Instant.parse("2025-03-01T10:15:30Z")).setFeatures(features).build();
    }
}
