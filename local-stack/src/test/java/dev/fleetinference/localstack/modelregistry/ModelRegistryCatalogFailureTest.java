package dev.fleetinference.localstack.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import dev.fleetinference.modelregistry.catalog.CatalogEntry;
import dev.fleetinference.modelregistry.catalog.CatalogReader;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import dev.fleetinference.modelregistry.catalog.CatalogUnavailableException;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.modelregistry.client.ModelRegistryException;
import dev.fleetinference.modelregistry.testing.TestModels;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog topic when something goes wrong: a record no one can decode, a schema registry that
 * is down, a promotion whose second write fails. Each test damages a topic of its own.
 */
@WithStack
class ModelRegistryCatalogFailureTest {

    @TempDir
    Path dir;

    DedicatedRegistry registry;

    @BeforeEach
    void startRegistry(TestStack stack) {
        registry = DedicatedRegistry.start(stack, ArtifactLimits.defaults());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void aRecordNoOneCanDecodeStillKeepsItsVersionNumberFromBeingGivenOutAgain() {
        client().register("anomaly", model("v1", TestModels.metadata()));
        registry.appendRaw(CatalogTopic.key("anomaly", 2), "not Avro".getBytes(StandardCharsets.UTF_8));

        registry.restart();
        ModelVersion next = client().register("anomaly", model("v3", TestModels.metadata()));

        assertThat(next.getVersion()).as("the number after the unreadable record's").isEqualTo(3);
        assertThat(client().versions("anomaly")).extracting(ModelVersion::getVersion).containsExactly(1, 3);
    }

    @Test
    void aFollowerStopsAtARecordWhileTheSchemaRegistryIsDownRatherThanSkipIt() throws IOException {
        client().register("anomaly", model("v1", TestModels.metadata()));
        List<CatalogEntry> seen = new ArrayList<>();

        try (CatalogReader reader = new CatalogReader(registry.config().bootstrapServers(), registry.config().topic(),
                unreachableSchemaRegistry())) {
            assertThatThrownBy(() -> reader.catchUp(Duration.ofSeconds(60), seen::add))
                    .isInstanceOf(CatalogUnavailableException.class).hasMessageContaining("offset 0");
            assertThatThrownBy(() -> reader.catchUp(Duration.ofSeconds(60), seen::add))
                    .as("trying again stops at the same record").hasMessageContaining("offset 0");
            assertThat(reader.position()).isZero();
        }

        assertThat(seen).isEmpty();
        assertThat(registry.records()).as("read with the schema registry up")
                .extracting(CatalogEntry::key).containsExactly("anomaly:1");
    }

    @Test
    void aPromotionWhoseProductionRecordIsRefusedPutsTheOldVersionBackInProduction() {
        client().register("anomaly", model("v1", TestModels.metadata()));
        client().register("anomaly", model("v2", withManyMetrics()));
        client().setStage("anomaly", 1, ModelStage.PRODUCTION);
        // version 2's record is the larger: the broker now takes version 1's and refuses version 2's
        registry.limitRecordSize(2048);

        assertThatThrownBy(() -> client().setStage("anomaly", 2, ModelStage.PRODUCTION))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));

        assertThat(client().production("anomaly")).map(ModelVersion::getVersion).contains(1);
        assertThat(registry.records()).extracting(CatalogEntry::key, e -> e.version().orElseThrow().getStage())
                .endsWith(tuple("anomaly:1", ModelStage.ARCHIVED), tuple("anomaly:1", ModelStage.PRODUCTION));
        registry.restart();
        assertThat(client().production("anomaly")).as("after a restart").map(ModelVersion::getVersion).contains(1);
    }

    private ModelRegistryClient client() {
        return new ModelRegistryClient(ModelRegistryClientConfig.of(registry.url()).withToken(DedicatedRegistry.TOKEN));
    }

    private Path model(String seed, ModelMetadata metadata) {
        return TestModels.standIn(dir.resolve(seed), seed, metadata);
    }

    private static ModelMetadata withManyMetrics() {
        ModelMetadata usual = TestModels.metadata();
        Map<String, Double> metrics = new HashMap<>(usual.metrics());
        for (int i = 0; i < 200; i++) {
            metrics.put("holdout_slice_" + i + "_roc_auc", 0.9);
        }
        return ModelMetadata.of(usual.featureNames(), usual.outputNames(), usual.threshold(), metrics);
    }

    private static SchemaRegistryClient unreachableSchemaRegistry() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return new SchemaRegistryClient(SchemaRegistryClientConfig.of("http://127.0.0.1:" + closedPort)
                .withMaxAttempts(1));
    }
}
