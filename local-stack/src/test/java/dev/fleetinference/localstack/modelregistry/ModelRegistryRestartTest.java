package dev.fleetinference.localstack.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.modelregistry.testing.TestModels;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog topic is the source of truth: a restarted registry answers exactly as before. */
@WithStack
class ModelRegistryRestartTest {

    private static final List<String> READS = List.of("/models", "/models/anomaly/versions", "/models/other/versions",
            "/models/anomaly/production", "/models/anomaly/versions/1", "/models/other/versions/1");

    @TempDir
    Path dir;

    @Test
    void aRestartedRegistryRebuildsTheSameStateFromTheTopic(TestStack stack) throws Exception {
        try (DedicatedRegistry registry = DedicatedRegistry.start(stack, ArtifactLimits.defaults())) {
            ModelRegistryClient client = client(registry);
            client.register("anomaly", TestModels.anomalyModel(dir, 1));
            client.register("anomaly", TestModels.anomalyModel(dir, 2));
            client.register("other", TestModels.standIn(dir.resolve("other"), "other", TestModels.metadata()));
            client.setStage("anomaly", 1, ModelStage.PRODUCTION);
            client.setStage("anomaly", 2, ModelStage.PRODUCTION);
            client.setStage("other", 1, ModelStage.STAGING);
            List<String> before = snapshot(registry);

            registry.restart();

            assertThat(snapshot(registry)).isEqualTo(before);
            ModelRegistryClient restarted = client(registry);
            ModelVersion downloaded = restarted.download("anomaly", 2, dir.resolve("anomaly-2.zip"));
            assertThat(Sha256.of(dir.resolve("anomaly-2.zip")).hex()).isEqualTo(downloaded.getDigest());
            ModelVersion third = restarted.register("anomaly", TestModels.standIn(dir.resolve("v3"), "v3",
                    TestModels.metadata()));
            assertThat(third.getVersion()).as("numbering goes on where it was").isEqualTo(3);
        }
    }

    @Test
    void theStacksRegistryStoppedAndStartedAgainServesTheSameArtifactsAtTheSameAddress(TestStack stack)
            throws Exception {
        ModelRegistryClient client = new ModelRegistryClient(ModelRegistryClientConfig.of(stack.modelRegistryUrl())
                .withToken(stack.modelRegistryToken()));
        ModelVersion registered = client.register("outage", TestModels.anomalyModel(dir, 1));
        RegistryHttp http = new RegistryHttp(stack.modelRegistryUrl());

        stack.stopModelRegistry();
        try {
            assertThatThrownBy(() -> http.get("/models/outage/versions/1")).isInstanceOf(UncheckedIOException.class);
        } finally {
            stack.startModelRegistry();
        }

        ModelVersion downloaded = client.download("outage", 1, dir.resolve("outage-1.zip"));
        assertThat(downloaded.getDigest()).isEqualTo(registered.getDigest());
        assertThat(Sha256.of(dir.resolve("outage-1.zip")).hex()).isEqualTo(registered.getDigest());
    }

    private static ModelRegistryClient client(DedicatedRegistry registry) {
        return new ModelRegistryClient(ModelRegistryClientConfig.of(registry.url()).withToken(DedicatedRegistry.TOKEN));
    }

    private static List<String> snapshot(DedicatedRegistry registry) {
        RegistryHttp http = new RegistryHttp(registry.url());
        return READS.stream().map(path -> path + " -> " + http.get(path).json()).toList();
    }
}
