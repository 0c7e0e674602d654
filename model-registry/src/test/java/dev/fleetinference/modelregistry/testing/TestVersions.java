package dev.fleetinference.modelregistry.testing;

import dev.fleetinference.schemas.InputSignature;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** ModelVersion records for tests that need one without a registry. */
public final class TestVersions {

    private TestVersions() {
    }

    public static ModelVersion version(String name, int version, ModelStage stage) {
        return ModelVersion.newBuilder()
                .setName(name)
                .setVersion(version)
                .setDigest(String.format("%064x", version))
                .setSizeBytes(1000L + version)
                .setInputSignature(InputSignature.newBuilder()
                        .setFeatureNames(TestModels.FEATURES)
                        .setDtype("float32")
                        .setShape(List.of(-1L, (long) TestModels.FEATURES.size()))
                        .build())
                .setOutputNames(List.of("score"))
                .setThreshold(0.42)
                .setStage(stage)
                .setCreatedAt(Instant.parse("2025-11-24T18:35:00.123Z"))
                .setTrainingMetrics(Map.of("roc_auc", 0.97, "precision", 0.9))
                .build();
    }
}
