package dev.fleetinference.localstack.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.catalog.CatalogEntry;
import dev.fleetinference.modelregistry.catalog.CatalogReader;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import dev.fleetinference.modelregistry.catalog.ModelSummary;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.modelregistry.testing.TestModels;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack's own model registry, used the way the trainer and the scoring app use it: through the client. */
@WithStack
class ModelRegistryRoundTripTest {

    static TestStack stack;
    static ModelRegistryClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect(TestStack testStack) {
        stack = testStack;
        client = new ModelRegistryClient(ModelRegistryClientConfig.of(stack.modelRegistryUrl())
                .withToken(stack.modelRegistryToken()));
    }

    @Test
    void anUploadedModelIsListedDescribedAndDownloadedWithItsDigest() throws Exception {
        String name = newName();
        Path model = TestModels.anomalyModel(dir, 1);
        Sha256 zipDigest = Sha256.of(ModelArtifacts.zip(model, dir.resolve("expected.zip")));

        ModelVersion registered = client.register(name, model);

        assertThat(registered.getVersion()).isEqualTo(1);
        assertThat(registered.getStage()).isEqualTo(ModelStage.NONE);
        assertThat(registered.getDigest()).isEqualTo(zipDigest.hex());
        assertThat(registered.getSizeBytes()).isEqualTo(Files.size(dir.resolve("expected.zip")));
        assertThat(registered.getInputSignature().getFeatureNames()).isEqualTo(TestModels.metadata().featureNames());
        assertThat(registered.getInputSignature().getShape()).containsExactly(-1L, 8L);
        assertThat(registered.getOutputNames()).isEqualTo(TestModels.metadata().outputNames());
        assertThat(registered.getTrainingMetrics()).containsKey("roc_auc");
        assertThat(client.models()).contains(new ModelSummary(name, 1, OptionalInt.empty()));
        assertThat(client.versions(name)).containsExactly(registered);
        assertThat(client.version(name, 1)).contains(registered);

        Path downloaded = dir.resolve("download/anomaly.zip");
        client.download(name, 1, downloaded);

        assertThat(Sha256.of(downloaded)).isEqualTo(zipDigest);
        assertThat(downloaded).hasSameBinaryContentAs(dir.resolve("expected.zip"));
        try (var leftovers = Files.list(downloaded.getParent())) {
            assertThat(leftovers).as("no temporary files beside the download").containsExactly(downloaded);
        }
    }

    @Test
    void promotingTheNewVersionArchivesTheOldAndRollingBackReversesIt() {
        String name = newName();
        client.register(name, TestModels.anomalyModel(dir, 1));
        client.register(name, TestModels.anomalyModel(dir, 2));

        client.setStage(name, 1, ModelStage.PRODUCTION);
        client.setStage(name, 2, ModelStage.PRODUCTION);

        assertThat(client.versions(name)).extracting(ModelVersion::getVersion, ModelVersion::getStage)
                .containsExactly(tuple(1, ModelStage.ARCHIVED), tuple(2, ModelStage.PRODUCTION));
        assertThat(client.production(name)).map(ModelVersion::getVersion).contains(2);
        assertThat(client.models()).contains(new ModelSummary(name, 2, OptionalInt.of(2)));

        ModelVersion rolledBack = client.setStage(name, 1, ModelStage.PRODUCTION);

        assertThat(rolledBack.getStage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(client.versions(name)).extracting(ModelVersion::getVersion, ModelVersion::getStage)
                .containsExactly(tuple(1, ModelStage.PRODUCTION), tuple(2, ModelStage.ARCHIVED));
        assertThat(client.production(name)).map(ModelVersion::getVersion).contains(1);
    }

    @Test
    void theCatalogTopicNeverShowsTwoVersionsInProduction() {
        String name = newName();
        client.register(name, TestModels.anomalyModel(dir, 1));
        client.register(name, TestModels.anomalyModel(dir, 2));
        client.setStage(name, 1, ModelStage.PRODUCTION);
        client.setStage(name, 2, ModelStage.PRODUCTION);

        List<CatalogEntry> records = new ArrayList<>();
        try (CatalogReader reader = new CatalogReader(stack.bootstrapServers(), CatalogTopic.DEFAULT_NAME,
                new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl())))) {
            reader.catchUp(Duration.ofSeconds(60), entry -> {
                if (entry.key().startsWith(name + ":")) {
                    records.add(entry);
                }
            });
        }

        assertThat(records).extracting(CatalogEntry::key, e -> e.version().orElseThrow().getStage()).containsExactly(
                tuple(name + ":1", ModelStage.NONE),
                tuple(name + ":2", ModelStage.NONE),
                tuple(name + ":1", ModelStage.PRODUCTION),
                tuple(name + ":1", ModelStage.ARCHIVED),
                tuple(name + ":2", ModelStage.PRODUCTION));
    }

    @Test
    void aModelThatDoesNotExistIsAbsentRatherThanAnError() {
        String name = newName();

        assertThat(client.versions(name)).isEmpty();
        assertThat(client.version(name, 1)).isEmpty();
        assertThat(client.production(name)).isEmpty();
    }

    private static String newName() {
        return "anomaly-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
