package dev.fleetinference.streamapp.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.modelregistry.catalog.CatalogEntry;
import dev.fleetinference.schemas.InputSignature;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the catalog topic's records for the one model a scoring instance serves. */
class ProductionTrackerTest {

    private final ProductionTracker tracker = new ProductionTracker("anomaly");

    @Test
    void aRegisteredVersionIsNotProductionUntilPromoted() {
        tracker.apply(record("anomaly", 1, ModelStage.NONE));

        assertThat(tracker.production()).isEmpty();

        tracker.apply(record("anomaly", 1, ModelStage.PRODUCTION));

        assertThat(tracker.production()).map(ModelVersion::getVersion).contains(1);
    }

    @Test
    void aPromotionAndARollbackAreFollowedRecordByRecord() {
        tracker.apply(record("anomaly", 1, ModelStage.PRODUCTION));
        tracker.apply(record("anomaly", 2, ModelStage.NONE));
        tracker.apply(record("anomaly", 1, ModelStage.ARCHIVED));

        assertThat(tracker.production()).as("between the archive and the promotion").isEmpty();

        tracker.apply(record("anomaly", 2, ModelStage.PRODUCTION));
        assertThat(tracker.production()).map(ModelVersion::getVersion).contains(2);

        tracker.apply(record("anomaly", 2, ModelStage.ARCHIVED));
        tracker.apply(record("anomaly", 1, ModelStage.PRODUCTION));
        assertThat(tracker.production()).map(ModelVersion::getVersion).contains(1);
    }

    @Test
    void otherModelsAndModelsWithThePrefixOfItsNameAreIgnored() {
        tracker.apply(record("fraud", 1, ModelStage.PRODUCTION));
        tracker.apply(record("anomaly-canary", 3, ModelStage.PRODUCTION));

        assertThat(tracker.production()).isEmpty();
    }

    @Test
    void aTombstoneRemovesTheVersion() {
        tracker.apply(record("anomaly", 1, ModelStage.PRODUCTION));

        tracker.apply(new CatalogEntry("anomaly:1", 7, Optional.empty()));

        assertThat(tracker.production()).isEmpty();
    }

    @Test
    void shouldTheTopicShowTwoProductionVersionsTheNewestWins() {
        tracker.apply(record("anomaly", 2, ModelStage.PRODUCTION));
        tracker.apply(record("anomaly", 1, ModelStage.PRODUCTION));

        assertThat(tracker.production()).map(ModelVersion::getVersion).contains(2);
    }

    private static CatalogEntry record(String name, int version, ModelStage stage) {
        ModelVersion value = ModelVersion.newBuilder()
                .setName(name)
                .setVersion(version)
                .setDigest(String.valueOf(version).repeat(64))
                .setSizeBytes(1000)
                .setInputSignature(InputSignature.newBuilder()
                        .setFeatureNames(List.of("temperature_c"))
                        .setDtype("float32")
                        .setShape(List.of(-1L, 1L))
                        .build())
                .setOutputNames(List.of("score"))
                .setThreshold(0.5)
                .setStage(stage)
                .setCreatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setTrainingMetrics(Map.of())
                .build();
        return new CatalogEntry(name + ":" + version, 0, Optional.of(value));
    }
}
