package dev.fleetinference.streamapp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.schemas.InputSignature;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.streamapp.model.ModelLoadException.Reason;
import dev.fleetinference.streamapp.scoring.Probe;
import dev.fleetinference.streamapp.scoring.TensorFlowRuntime;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.RegistryFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registered versions made ready to score: fetched by digest, checked, loaded and warmed up, or refused with the reason. */
@WithStack
class ModelLoaderTest {

    private static RegistryFixture registry;

    @TempDir
    Path cache;

    @TempDir
    Path work;

    @BeforeAll
    static void prepare(TestStack stack) {
        TensorFlowRuntime.configure(TensorFlowSettings.defaults());
        registry = new RegistryFixture(stack);
    }

    @Test
    void aRegisteredVersionLoadsWithItsSpecAndScoresItsProbeAsTheTrainerDid() throws IOException {
        String name = RegistryFixture.newName("loader");
        ModelVersion registered = registry.register(name, CommittedModels.V1);
        Probe probe = Probe.read(CommittedModels.V1);

        try (LoadedModel model = loader(registry.client()).load(registered)) {
            assertThat(model.spec()).isEqualTo(new ModelSpec(name, 1, registered.getDigest(), probe.featureNames(),
                    "features", "score", Optional.of(registered.getThreshold())));
            float[] scores = model.score(probe.inputs());
            for (int i = 0; i < scores.length; i++) {
                assertThat(scores[i]).as("score of probe row %d", i).isCloseTo(probe.scores()[i], within(1e-5f));
            }
        }
        assertThat(filesIn(cache)).as("the cache keeps the zip by digest and nothing unpacked")
                .containsExactly(registered.getDigest() + ".zip");
    }

    @Test
    void aCachedArtifactWithTheRightDigestLoadsWithoutAskingTheRegistry() {
        ModelVersion registered = registry.register(RegistryFixture.newName("cached"), CommittedModels.V1);
        loader(registry.client()).load(registered).close();
        ModelRegistryClient unreachable = new ModelRegistryClient(ModelRegistryClientConfig.of("http://127.0.0.1:9"));

        try (LoadedModel model = loader(unreachable).load(registered)) {
            assertThat(model.spec().digest()).isEqualTo(registered.getDigest());
        }
    }

    @Test
    void aCorruptedCachedArtifactIsFetchedAgain() throws IOException {
        ModelVersion registered = registry.register(RegistryFixture.newName("corrupt-cache"), CommittedModels.V1);
        ModelLoader loader = loader(registry.client());
        loader.load(registered).close();
        Path cached = cache.resolve(registered.getDigest() + ".zip");
        Files.write(cached, new byte[] {1, 2, 3});

        loader.load(registered).close();

        assertThat(Sha256.of(cached).hex()).isEqualTo(registered.getDigest());
    }

    @Test
    void anArtifactThatIsNotTheDigestTheCatalogRecordedIsRefusedAndNotCached() {
        String name = RegistryFixture.newName("digest");
        ModelVersion first = registry.register(name, CommittedModels.V1);
        String otherDigest = registry.register(name, CommittedModels.V2).getDigest();
        ModelVersion misrecorded = ModelVersion.newBuilder(first).setDigest(otherDigest).build();

        assertThatThrownBy(() -> loader(registry.client()).load(misrecorded))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
                    assertThat(e.reason().retryable()).isTrue();
                    assertThat(e.digest()).isEqualTo(otherDigest);
                })
                .hasMessageContaining("model '" + name + "' version 1 (sha256 " + otherDigest + ")");
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void aVersionTheRegistryDoesNotKnowFailsToDownload() {
        String name = RegistryFixture.newName("unknown");
        ModelVersion registered = registry.register(name, CommittedModels.V1);
        ModelVersion unknown = ModelVersion.newBuilder(registered).setVersion(99).build();

        assertThatThrownBy(() -> loader(registry.client()).load(unknown))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DOWNLOAD_FAILED))
                .hasMessageContaining("model '" + name + "' version 99").hasMessageContaining("has no version 99");
    }

    @Test
    void anArtifactWhoseFeaturesAreNotInTheRegisteredOrderIsRefused() {
        String name = RegistryFixture.newName("order");
        ModelVersion registered = registry.register(name, CommittedModels.V1);
        List<String> reversed = new ArrayList<>(registered.getInputSignature().getFeatureNames());
        Collections.reverse(reversed);
        ModelVersion misdescribed = ModelVersion.newBuilder(registered)
                .setInputSignature(InputSignature.newBuilder(registered.getInputSignature())
                        .setFeatureNames(reversed).build())
                .build();

        assertThatThrownBy(() -> loader(registry.client()).load(misdescribed))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH))
                .hasMessageContaining("model '" + name + "' version 1")
                .hasMessageContaining("the registered signature is " + reversed);
    }

    @Test
    void aSavedModelThatTakesMoreFeaturesThanItsRegisteredSignatureIsRefused() {
        String name = RegistryFixture.newName("narrow");
        ModelVersion registered = registry.register(name, CommittedModels.withOneFeatureTooFew(work.resolve("narrow")));

        assertThatThrownBy(() -> loader(registry.client()).load(registered))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH);
                    assertThat(e.reason().retryable()).isFalse();
                })
                .hasMessageContaining("model '" + name + "' version 1 (sha256 " + registered.getDigest() + ")")
                .hasMessageContaining("(-1, 8)");
        assertThat(filesIn(cache)).as("nothing unpacked is left").containsExactly(registered.getDigest() + ".zip");
    }

    @Test
    void aGraphTensorFlowCannotReadIsNotLoadable() {
        String name = RegistryFixture.newName("garbage");
        ModelVersion registered = registry.register(name, CommittedModels.withGarbageGraph(work.resolve("garbage")));

        assertThatThrownBy(() -> loader(registry.client()).load(registered))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_LOADABLE))
                .hasMessageContaining("model '" + name + "' version 1 (sha256 " + registered.getDigest() + ")");
    }

    private ModelLoader loader(ModelRegistryClient client) {
        return new ModelLoader(client, cache, ArtifactLimits.defaults());
    }

    private static List<String> filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
