package dev.fleetinference.modelregistry.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.modelregistry.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {

    static final String TRAINER_OUTPUT = """
            {"format": 1, "signatureKey": "serving_default", "inputName": "features",
             "featureNames": ["temperature_c", "vibration_rms", "motor_current_a", "pressure_kpa", "humidity_pct",
                              "temperature_c_std", "motor_current_a_std", "pressure_kpa_std"],
             "dtype": "float32", "inputShape": [-1, 8], "outputNames": ["score"], "threshold": 0.42,
             "metrics": {"roc_auc": 0.97, "precision": 0.9, "recall": 0.85},
             "trainingSeed": 42, "epochs": 30, "hiddenUnits": 16}
            """;

    @Test
    void readsTheFileTheTrainerWrites() {
        ModelMetadata metadata = ModelMetadata.parse(TRAINER_OUTPUT.getBytes(StandardCharsets.UTF_8));

        assertThat(metadata).isEqualTo(TestModels.metadata());
        assertThat(metadata.threshold()).contains(0.42);
        assertThat(metadata.trainingSeed()).hasValue(42);
    }

    @Test
    void writesJsonThatReadsBackToTheSameMetadataAndTheSameBytes() {
        ModelMetadata metadata = TestModels.metadata();

        String json = metadata.toJson();

        assertThat(ModelMetadata.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(metadata);
        assertThat(ModelMetadata.parse(json.getBytes(StandardCharsets.UTF_8)).toJson()).isEqualTo(json);
    }

    @Test
    void aModelWithoutThresholdOrTrainingDetailsIsValid() {
        String json = """
                {"format": 1, "signatureKey": "serving_default", "inputName": "x", "featureNames": ["a"],
                 "dtype": "float32", "inputShape": [-1, 1], "outputNames": ["y"], "someFutureField": true}""";

        ModelMetadata metadata = ModelMetadata.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(metadata.threshold()).isEmpty();
        assertThat(metadata.metrics()).isEmpty();
        assertThat(metadata.epochs()).isEmpty();
    }

    @Test
    void cannotBeConstructedInvalid() {
        assertThatThrownBy(() -> ModelMetadata.of(List.of("a", "a"), List.of("score"), Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' more than once");
        assertThatThrownBy(() -> ModelMetadata.of(List.of("a"), List.of("score"), Optional.of(Double.NaN), Map.of()))
                .hasMessageContaining("threshold");
    }
}
