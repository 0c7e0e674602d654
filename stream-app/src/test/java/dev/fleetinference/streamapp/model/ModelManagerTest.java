package dev.fleetinference.streamapp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.streamapp.model.ModelLoadException.Reason;
import dev.fleetinference.streamapp.scoring.Probe;
import dev.fleetinference.streamapp.scoring.TensorFlowRuntime;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.RegistryFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model manager against a real broker and registry: ready on the first promotion, swapping on each later one. */
@WithStack
class ModelManagerTest {

    private static final Duration SWITCH_TIME = Duration.ofSeconds(15);

    private static TestStack stack;
    private static RegistryFixture registry;
    private static SchemaRegistryClient schemaRegistry;

    private final List<ModelManager> managers = new ArrayList<>();

    @TempDir
    Path cache;

    @TempDir
    Path work;

    @BeforeAll
    static void prepare(TestStack testStack) {
        TensorFlowRuntime.configure(TensorFlowSettings.defaults());
        stack = testStack;
        registry = new RegistryFixture(stack);
        schemaRegistry = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(ModelManager::close);
    }

    @Test
    void becomesReadyOnlyOnceAVersionIsPromoted() {
        String name = RegistryFixture.newName("ready");
        ModelManager manager = start(name);

        assertThat(manager.isReady()).isFalse();
        assertThatThrownBy(manager::acquire)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no model '" + name + "' is loaded yet");

        ModelVersion registered = registry.register(name, CommittedModels.V1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !manager.isReady());
        registry.promote(name, 1);

        await().atMost(SWITCH_TIME).until(manager::isReady);
        assertThat(manager.current()).hasValueSatisfying(spec -> {
            assertThat(spec.version()).isEqualTo(1);
            assertThat(spec.digest()).isEqualTo(registered.getDigest());
        });
        assertScoresProbeOf(manager, CommittedModels.V1);
        assertThat(manager.swapCount()).isEqualTo(1);
        assertThat(manager.failedLoadCount()).isZero();
    }

    @Test
    void switchesOnPromotionAndBackOnRollbackWhileInFlightLeasesFinishOnTheOldModel() {
        String name = RegistryFixture.newName("swap");
        registry.register(name, CommittedModels.V1);
        registry.register(name, CommittedModels.V2);
        registry.promote(name, 1);
        ModelManager manager = start(name);
        await().atMost(SWITCH_TIME).until(() -> servedVersion(manager) == 1);
        ModelLease inFlight = manager.acquire();
        LoadedModel first = inFlight.model();

        registry.promote(name, 2);

        await().atMost(SWITCH_TIME).until(() -> servedVersion(manager) == 2);
        assertThat(first.isClosed()).as("version 1 while an in-flight lease holds it").isFalse();
        assertThat(inFlight.model().score(new float[4][8])).hasSize(4);
        inFlight.close();
        assertThat(first.isClosed()).as("version 1 once its lease is released").isTrue();
        assertScoresProbeOf(manager, CommittedModels.V2);

        registry.promote(name, 1);

        await().atMost(SWITCH_TIME).until(() -> servedVersion(manager) == 1);
        assertScoresProbeOf(manager, CommittedModels.V1);
        assertThat(manager.swapCount()).isEqualTo(3);
        assertThat(manager.failedLoadCount()).isZero();
    }

    @Test
    void keepsServingTheOldModelWhenThePromotedVersionCannotBeLoadedAndDoesNotRetryIt() {
        String name = RegistryFixture.newName("broken");
        registry.register(name, CommittedModels.V1);
        registry.promote(name, 1);
        ModelManager manager = start(name);
        await().atMost(SWITCH_TIME).until(manager::isReady);
        ModelVersion broken = registry.register(name, CommittedModels.withGarbageGraph(work.resolve("garbage")));

        registry.promote(name, broken.getVersion());

        await().atMost(SWITCH_TIME).until(() -> manager.failedLoadCount() == 1);
        assertThat(manager.lastLoadFailure()).hasValueSatisfying(failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.NOT_LOADABLE);
            assertThat(failure.name()).isEqualTo(name);
            assertThat(failure.version()).isEqualTo(2);
            assertThat(failure.digest()).isEqualTo(broken.getDigest());
        });
        assertThat(servedVersion(manager)).isEqualTo(1);
        assertScoresProbeOf(manager, CommittedModels.V1);
        // retries would come after 200 ms, 400 ms, ...: a bad graph must not be tried again at all
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> manager.failedLoadCount() == 1 && servedVersion(manager) == 1);

        ModelVersion fixed = registry.register(name, CommittedModels.V2);
        registry.promote(name, fixed.getVersion());

        await().atMost(SWITCH_TIME).until(() -> servedVersion(manager) == 3);
        assertThat(manager.failedLoadCount()).isEqualTo(1);
    }

    @Test
    void closingStopsFollowingTheCatalogAndLetsTheModelGoAfterItsLastLease() {
        String name = RegistryFixture.newName("close");
        registry.register(name, CommittedModels.V1);
        registry.promote(name, 1);
        ModelManager manager = start(name);
        await().atMost(SWITCH_TIME).until(manager::isReady);
        ModelLease lease = manager.acquire();

        manager.close();

        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("model-manager-" + name);
        assertThat(lease.model().isClosed()).isFalse();
        lease.close();
        assertThat(lease).satisfies(l -> assertThatThrownBy(l::model).isInstanceOf(IllegalStateException.class));
        assertThatThrownBy(manager::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void retriesADownloadThatFailedAfterGrowingDelaysWhileNotReady() {
        String name = RegistryFixture.newName("unreachable");
        registry.register(name, CommittedModels.V1);
        registry.promote(name, 1);
        ModelRegistryClient unreachable = new ModelRegistryClient(ModelRegistryClientConfig.of("http://127.0.0.1:9"));
        long began = System.nanoTime();

        ModelManager manager = start(name, unreachable);

        await().atMost(SWITCH_TIME).until(() -> manager.failedLoadCount() >= 4);
        // attempts at 0, 200, 600 and 1400 ms: a tight loop would have made hundreds by now
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(manager.isReady()).isFalse();
        assertThat(manager.lastLoadFailure()).hasValueSatisfying(failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.DOWNLOAD_FAILED);
            assertThat(failure.getMessage()).contains("model '" + name + "' version 1");
        });
    }

    private ModelManager start(String name) {
        return start(name, registry.client());
    }

    private ModelManager start(String name, ModelRegistryClient client) {
        ModelManagerConfig config = ModelManagerConfig.of(name, stack.bootstrapServers())
                .withRetryDelays(Duration.ofMillis(200), Duration.ofSeconds(2));
        ModelManager manager = new ModelManager(config, schemaRegistry,
                new ModelLoader(client, cache, ArtifactLimits.defaults()));
        managers.add(manager);
        return manager.start();
    }

    private static int servedVersion(ModelManager manager) {
        return manager.current().map(ModelSpec::version).orElse(0);
    }

    private static void assertScoresProbeOf(CurrentModel current, Path savedModelDir) {
        Probe probe = Probe.read(savedModelDir);
        try (ModelLease lease = current.acquire()) {
            float[] scores = lease.model().score(probe.inputs());
            for (int i = 0; i < scores.length; i++) {
                assertThat(scores[i]).as("score of probe row %d", i).isCloseTo(probe.scores()[i], within(1e-5f));
            }
        }
    }
}
