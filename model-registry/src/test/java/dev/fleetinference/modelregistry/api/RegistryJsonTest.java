package dev.fleetinference.modelregistry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetinference.modelregistry.catalog.ModelSummary;
import dev.fleetinference.modelregistry.testing.TestVersions;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RegistryJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aVersionHasTheDocumentedJsonShape() throws Exception {
        ModelVersion version = TestVersions.version("anomaly", 3, ModelStage.PRODUCTION);

        JsonNode json = RegistryJson.toJson(version);

        // compared as text: field order is part of the shape, and numbers parse to other node types
        assertThat(json.toString()).isEqualTo(JSON.readTree("""
                {"name": "anomaly", "version": 3, "digest": "%064x", "sizeBytes": 1003,
                 "inputSignature": {"featureNames": ["temperature_c", "vibration_rms", "motor_current_a", "pressure_kpa",
                                                     "humidity_pct", "temperature_c_std", "motor_current_a_std",
                                                     "pressure_kpa_std"],
                                    "dtype": "float32", "shape": [-1, 8]},
                 "outputNames": ["score"], "threshold": 0.42, "stage": "PRODUCTION",
                 "createdAt": "2025-11-24T18:35:00.123Z",
                 "trainingMetrics": {"precision": 0.9, "roc_auc": 0.97}}
                """.formatted(3)).toString());
    }

    @Test
    void aVersionSurvivesTheRoundTripThroughJson() {
        ModelVersion version = TestVersions.version("anomaly", 1, ModelStage.ARCHIVED);
        ModelVersion withoutThreshold = ModelVersion.newBuilder(version).setThreshold(null).build();

        assertThat(RegistryJson.versionFromJson(RegistryJson.toJson(version))).isEqualTo(version);
        assertThat(RegistryJson.versionFromJson(RegistryJson.toJson(withoutThreshold))).isEqualTo(withoutThreshold);
        assertThat(RegistryJson.toJson(withoutThreshold).get("threshold").isNull()).isTrue();
    }

    @Test
    void aSummarySurvivesTheRoundTripWithAndWithoutProduction() {
        ModelSummary inProduction = new ModelSummary("anomaly", 2, OptionalInt.of(1));
        ModelSummary notYet = new ModelSummary("other", 1, OptionalInt.empty());

        assertThat(RegistryJson.summaryFromJson(RegistryJson.toJson(inProduction))).isEqualTo(inProduction);
        assertThat(RegistryJson.summaryFromJson(RegistryJson.toJson(notYet))).isEqualTo(notYet);
        assertThat(RegistryJson.toJson(notYet).toString())
                .isEqualTo("{\"name\":\"other\",\"latestVersion\":1,\"productionVersion\":null}");
    }

    @Test
    void jsonThatIsNotAVersionIsRefusedNamingTheField() {
        var json = RegistryJson.toJson(TestVersions.version("anomaly", 1, ModelStage.NONE));
        json.put("stage", "LIVE");

        assertThatThrownBy(() -> RegistryJson.versionFromJson(json)).hasMessageContaining("stage 'LIVE'");
        json.put("stage", "NONE").put("createdAt", "yesterday");
        assertThatThrownBy(() -> RegistryJson.versionFromJson(json)).hasMessageContaining("createdAt");
        json.remove("digest");
        assertThatThrownBy(() -> RegistryJson.versionFromJson(json)).hasMessageContaining("'digest' is missing");
    }
}
