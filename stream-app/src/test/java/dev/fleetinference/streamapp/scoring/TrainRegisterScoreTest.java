package dev.fleetinference.streamapp.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's whole path to a scorer: trained by the trainer CLI, registered and promoted, then
 * downloaded by digest and scored through DJL exactly as the trainer's own TensorFlow session did.
 */
@WithStack
class TrainRegisterScoreTest {

    @BeforeAll
    static void prepareTensorFlow() {
        TensorFlowRuntime.configure(TensorFlowSettings.defaults());
    }

    @Test
    void aTrainedRegisteredAndPromotedModelScoresThroughDjlAsTheTrainerDid(TestStack stack, @TempDir Path work)
            throws Exception {
        Path trained = work.resolve("trained");
        TrainerCli.run(Map.of(), "train", "--out", trained.toString(),
                "--epochs", "3", "--devices", "24", "--samples-per-device", "100", "--seed", "11");
        String registered = TrainerCli.run(Map.of("FLEET_REGISTRY_TOKEN", stack.modelRegistryToken()),
                "register", "--registry", stack.modelRegistryUrl(), "--name", "e2e-anomaly", "--promote",
                trained.toString());
        ModelRegistryClient registry = new ModelRegistryClient(ModelRegistryClientConfig.of(stack.modelRegistryUrl()));

        ModelVersion production = registry.production("e2e-anomaly").orElseThrow();
        Path zip = work.resolve("downloaded.zip");
        registry.download("e2e-anomaly", production.getVersion(), zip);
        Path unpacked = work.resolve("unpacked");
        ModelMetadata metadata = ModelArtifacts.extract(zip, unpacked, ArtifactLimits.defaults());
        Probe probe = Probe.read(unpacked);

        assertThat(registered).contains("Promoted e2e-anomaly version " + production.getVersion() + " to PRODUCTION");
        assertThat(production.getStage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(sha256(zip)).isEqualTo(production.getDigest());
        assertThat(Files.size(zip)).isEqualTo(production.getSizeBytes());
        assertThat(production.getInputSignature().getFeatureNames()).isEqualTo(probe.featureNames());
        assertThat(metadata.featureNames()).isEqualTo(probe.featureNames());
        try (SavedModelScorer scorer = SavedModelScorer.load(unpacked, probe.featureNames().size())) {
            float[] scores = scorer.score(probe.inputs());
            for (int i = 0; i < scores.length; i++) {
                assertThat(scores[i]).as("score of probe row %d", i).isCloseTo(probe.scores()[i], within(1e-5f));
            }
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
