package dev.fleetinference.streamapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import dev.fleetinference.modelregistry.catalog.ModelCatalog;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.streamapp.model.ModelSpec;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.EventFactory;
import dev.fleetinference.streamapp.testing.OpsClient;
import dev.fleetinference.streamapp.testing.PipelineClients;
import dev.fleetinference.streamapp.testing.TestFleet;
import dev.fleetinference.streamapp.testing.PipelineInstance;
import dev.fleetinference.streamapp.testing.RegistryFixture;
import dev.fleetinference.streamapp.testing.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model registry's HTTP API goes away. The catalog still comes from its topic: an instance whose cache holds the
 * production artifact scores with it, one that lacks an artifact waits (not ready), and gets it soon after the
 * registry is back.
 */
@WithStack
class ModelRegistryOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(8);
    // the retry delay doubles from 200 ms up to 5 s: one wait of it and a load, with room to spare
    private static final Duration BACK_WITHIN = Duration.ofSeconds(15);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final TestStack stack;
    private final RegistryFixture registry;
    private final SchemaRegistryClient schemas;
    private final List<StreamApp> apps = new ArrayList<>();
    private final List<Path> cachedArtifacts = new ArrayList<>();

    @TempDir
    Path work;

    ModelRegistryOutageTest(TestStack stack) {
        this.stack = stack;
        this.registry = new RegistryFixture(stack);
        this.schemas = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    @AfterEach
    void cleanUp() throws IOException {
        stack.startModelRegistry();
        apps.forEach(StreamApp::close);
        // the artifacts are this test's own: the shared cache should not keep them
        for (Path artifact : cachedArtifacts) {
            Files.deleteIfExists(artifact);
        }
    }

    @Test
    void anInstanceWhoseCacheHoldsTheProductionArtifactStartsScoringWithItWhileTheRegistryIsDown() throws Exception {
        String run = RegistryFixture.newName("cached");
        ModelVersion v1 = registerCopyOf(run, CommittedModels.V1);
        registry.promote(run, 1);
        StreamAppConfig config = PipelineInstance.config(stack, run, run, "instance-1", work.resolve("state"));
        startReady(config).close();

        stack.stopModelRegistry();
        StreamApp restarted = startReady(config);

        PipelineTopics topics = PipelineInstance.topics(run);
        EventFactory events = new EventFactory(31);
        try (TestFleet fleet = TestFleet.of(stack, topics);
             KafkaProducer<String, FeatureEvent> devices = PipelineClients.eventProducer(stack, schemas, fleet);
             TopicReader<Prediction> predictions = PipelineClients.predictionReader(stack, schemas, topics)) {
            for (int i = 0; i < 20; i++) {
                FeatureEvent event = events.event("device-" + i % 4);
                devices.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), event));
            }
            devices.flush();
            assertThat(predictions.readAtLeast(20, Duration.ofSeconds(60))).allSatisfy(record ->
                    assertThat(record.value().getModel().getDigest()).isEqualTo(v1.getDigest()));
        }
        assertThat(restarted.models().failedLoadCount()).isZero();
        await().atMost(START_TIMEOUT).until(() -> new OpsClient(restarted.httpPort()).status("/health/ready") == 200);
    }

    @Test
    void anInstanceWithoutTheArtifactWaitsNotReadyWhileTheRegistryIsDownAndIsReadySoonAfterItIsBack()
            throws Exception {
        String run = RegistryFixture.newName("uncached");
        registerCopyOf(run, CommittedModels.V1);
        registry.promote(run, 1);

        stack.stopModelRegistry();
        long stoppedAt = System.nanoTime();
        StreamApp app = StreamApp.create(PipelineInstance.config(stack, run, run, "instance-1", work.resolve("state")));
        apps.add(app);
        OpsClient ops = new OpsClient(app.httpPort());
        try {
            await().during(remainingOutage(stoppedAt)).atMost(OUTAGE.plusSeconds(10))
                    .until(() -> !app.models().isReady() && ops.status("/health/ready") == 503);
        } finally {
            stack.startModelRegistry();
        }
        long backAt = System.nanoTime();

        await().atMost(BACK_WITHIN).until(app.models()::isReady);
        System.out.printf("model registry down %d s at start: ready %d ms after it was back, %d failed loads%n",
                OUTAGE.toSeconds(), Duration.ofNanos(System.nanoTime() - backAt).toMillis(),
                app.models().failedLoadCount());
        assertThat(app.models().failedLoadCount()).isPositive();
        assertThat(app.awaitModelAndStart()).isTrue();
        await().atMost(START_TIMEOUT).until(() -> ops.status("/health/ready") == 200);
    }

    @Test
    void aPromotionMadeWhileAnInstanceWasCutOffFromTheRegistryReachesItWhenItIsBack() throws Exception {
        String run = RegistryFixture.newName("cut-off");
        registerCopyOf(run, CommittedModels.V1);
        ModelVersion v2 = registerCopyOf(run, CommittedModels.V2);
        registry.promote(run, 1);
        StreamApp app = startReady(PipelineInstance.config(stack, run, run, "instance-1", work.resolve("state")));
        OpsClient ops = new OpsClient(app.httpPort());

        stack.stopModelRegistry();
        long stoppedAt = System.nanoTime();
        try {
            // the registry's catalog, without its HTTP API: the promotion reaches the topic, the artifact is out of reach
            try (ModelCatalog catalog = ModelCatalog.open(stack.bootstrapServers(), CatalogTopic.DEFAULT_NAME,
                    Optional.empty(), schemas, Clock.systemUTC())) {
                catalog.setStage(run, 2, ModelStage.PRODUCTION);
            }
            await().during(remainingOutage(stoppedAt)).atMost(OUTAGE.plusSeconds(10))
                    .until(() -> servedVersion(app) == 1 && ops.status("/health/ready") == 200);
            assertThat(app.models().failedLoadCount()).isPositive();
        } finally {
            stack.startModelRegistry();
        }
        long backAt = System.nanoTime();

        await().atMost(BACK_WITHIN).until(() -> servedVersion(app) == 2);
        System.out.printf("promotion while the model registry was down %d s: served %d ms after it was back, %d "
                + "failed loads%n", OUTAGE.toSeconds(), Duration.ofNanos(System.nanoTime() - backAt).toMillis(),
                app.models().failedLoadCount());
        assertThat(app.models().current()).hasValueSatisfying(spec ->
                assertThat(spec.digest()).isEqualTo(v2.getDigest()));
    }

    /** Registers a copy of {@code savedModel} that no cache holds yet, and remembers where the app will cache it. */
    private ModelVersion registerCopyOf(String model, Path savedModel) {
        ModelVersion version = registry.register(model, CommittedModels.distinctCopy(savedModel,
                work.resolve("model-" + UUID.randomUUID())));
        cachedArtifacts.add(PipelineInstance.config(stack, model, model, "any", work).cacheDir().resolve("models")
                .resolve(version.getDigest() + ".zip"));
        return version;
    }

    private StreamApp startReady(StreamAppConfig config) throws InterruptedException {
        StreamApp app = StreamApp.create(config);
        apps.add(app);
        await().atMost(START_TIMEOUT).until(app.models()::isReady);
        assertThat(app.awaitModelAndStart()).isTrue();
        return app;
    }

    private static Duration remainingOutage(long stoppedAt) {
        return OUTAGE.minusNanos(System.nanoTime() - stoppedAt);
    }

    private static int servedVersion(StreamApp app) {
        return app.models().current().map(ModelSpec::version).orElse(0);
    }
}
