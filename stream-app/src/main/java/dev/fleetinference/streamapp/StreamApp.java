package dev.fleetinference.streamapp;

import dev.fleetinference.devices.Device;
import dev.fleetinference.devices.directory.DeviceDirectory;
import dev.fleetinference.devices.directory.DeviceFollower;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.registry.SchemaRegistryException;
import dev.fleetinference.streamapp.admission.DeviceAdmission;
import dev.fleetinference.streamapp.batching.BatchScoringProcessor;
import dev.fleetinference.streamapp.deadletter.DeadLetters;
import dev.fleetinference.streamapp.model.ModelLoader;
import dev.fleetinference.streamapp.model.ModelManager;
import dev.fleetinference.streamapp.model.ModelManagerConfig;
import dev.fleetinference.streamapp.model.VersionLoader;
import dev.fleetinference.streamapp.ops.OpsServer;
import dev.fleetinference.streamapp.ops.PipelineHealth;
import dev.fleetinference.streamapp.ops.PipelineMetrics;
import dev.fleetinference.streamapp.pipeline.PipelineSerdes;
import dev.fleetinference.streamapp.pipeline.Scorer;
import dev.fleetinference.streamapp.pipeline.ScoringMode;
import dev.fleetinference.streamapp.pipeline.ScoringTopology;
import dev.fleetinference.streamapp.routing.AdminTopicProvisioner;
import dev.fleetinference.streamapp.routing.GoneTopicWatch;
import dev.fleetinference.streamapp.routing.LookaheadProvisioning;
import dev.fleetinference.streamapp.scoring.TensorFlowRuntime;
import dev.fleetinference.streamapp.validation.EventValidator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the scoring pipeline: the model manager, the health and metrics endpoints, and the Kafka Streams
 * client, which starts only once a model is loaded, so no event is consumed before it can be scored.
 */
public final class StreamApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamApp.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    // The pipeline's schema registry calls run on the stream threads. A thread whose task fails is replaced under a
    // new group member id, which gets partitions only once the old member's session has timed out (the app's 6 s;
    // the consumer's default is 45 s), and counts towards the replacement limit, so a call waits out a registry
    // that is away rather than fail at once: an attempt gives up after
    // 2 s (by default 10 s, which a registry that does not answer at all would hold the thread per attempt), and 60
    // attempts, 2 s apart once the backoff has grown, wait about two minutes (four if no attempt is answered),
    // inside the main consumer's max.poll.interval.ms (5 min), so the thread keeps its place in the group. A wait
    // past the transaction timeout (7 s by default) gets the thread's producer fenced: Kafka Streams then closes its
    // tasks and rejoins as the same member, and their events are read again from the last commit
    private static final Duration PIPELINE_REGISTRY_TIMEOUT = Duration.ofSeconds(2);
    private static final int PIPELINE_REGISTRY_ATTEMPTS = 60;
    private static final int MAX_THREAD_REPLACEMENTS = 5;
    private static final Duration THREAD_REPLACEMENT_WINDOW = Duration.ofMinutes(10);
    private static final Duration WAITING_LOG_INTERVAL = Duration.ofSeconds(15);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StreamAppConfig config;
    private final SchemaRegistryClient schemas;
    private final ModelManager models;
    private final Admin admin;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PipelineMetrics metrics;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile OpsServer ops;
    private volatile KafkaStreams streams;
    private volatile AdminTopicProvisioner provisioner;
    private volatile GoneTopicWatch goneTopics;
    private final DeviceDirectory devices;
    private volatile DeviceFollower deviceFollower;
    private volatile KafkaStreamsMetrics streamsMetrics;
    private final AtomicReference<String> failure = new AtomicReference<>();
    // a registry away for longer than its calls wait is no fault of the thread's, nor cured by a restart
    private final ThreadFailurePolicy threadFailures = new ThreadFailurePolicy(MAX_THREAD_REPLACEMENTS,
            THREAD_REPLACEMENT_WINDOW, System::nanoTime, SchemaRegistryException::isUnavailableCause);
    private long lastWaitingLog = System.nanoTime();

    private StreamApp(StreamAppConfig config, SchemaRegistryClient schemas, ModelManager models, Admin admin) {
        this.config = config;
        this.schemas = schemas;
        this.models = models;
        this.admin = admin;
        this.devices = new DeviceDirectory(Clock.systemUTC(), config.budget().deviceLookUp());
        String devicePrefix = config.topics().predictions().prefix();
        // Kafka's clients tag some metrics with the topic: one series set per device would swamp Prometheus. Before
        // any meter is registered, so that the filter applies to all
        meters.config().meterFilter(MeterFilter.deny(id -> id.getTags().stream()
                .anyMatch(tag -> tag.getKey().contains("topic") && tag.getValue().startsWith(devicePrefix))));
        this.metrics = new PipelineMetrics(meters);
    }

    /**
     * Starts the model manager, checks the pipeline's topics (creating them if missing), starts the HTTP endpoints, and
     * returns; {@link #awaitModelAndStart()} comes next. Fails at once if Kafka cannot be reached or the port is taken.
     */
    public static StreamApp create(StreamAppConfig config) {
        return create(config, UnaryOperator.identity());
    }

    /** {@link #create(StreamAppConfig)} with the model loader wrapped as {@code loaders} says: a seam for tests. */
    static StreamApp create(StreamAppConfig config, UnaryOperator<VersionLoader> loaders) {
        log.info("starting with {}", config);
        TensorFlowRuntime.configure(config.tensorFlow());
        ModelRegistryClientConfig registryConfig = ModelRegistryClientConfig.of(config.modelRegistryUrl());
        ModelRegistryClient registry = new ModelRegistryClient(config.registryToken()
                .map(registryConfig::withToken).orElse(registryConfig));
        SchemaRegistryClientConfig anonymous = SchemaRegistryClientConfig.of(config.schemaRegistryUrl());
        SchemaRegistryClientConfig schemaRegistry = config.schemaRegistryUserInfo().map(anonymous::withBasicAuth)
                .orElse(anonymous);
        SchemaRegistryClient pipelineSchemas = new SchemaRegistryClient(schemaRegistry
                .withRequestTimeout(PIPELINE_REGISTRY_TIMEOUT).withMaxAttempts(PIPELINE_REGISTRY_ATTEMPTS));
        ModelLoader loader = new ModelLoader(registry, config.cacheDir().resolve("models"), ArtifactLimits.defaults());
        // the catalog is read on a thread of its own, which retries by itself: the default client suits it
        ModelManager models = new ModelManager(ModelManagerConfig.of(config.modelName(), config.bootstrapServers())
                .withClientSettings(config.catalogClientSettings()), new SchemaRegistryClient(schemaRegistry),
                loaders.apply(loader));
        StreamApp app = new StreamApp(config, pipelineSchemas, models, Admin.create(config.adminProperties()));
        try {
            app.open();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void open() {
        // first: loading a model (TensorFlow's natives, the SavedModel, a warm-up batch) takes a second or more,
        // which the checks of the pipeline's topics and the endpoints' start below now hide instead of adding to
        models.start(error -> failed("the model manager stopped following the catalog for model '"
                + config.modelName() + "' (" + error + ")"));
        new PipelineTopicsSetup(admin, config.bootstrapServers(), ADMIN_TIMEOUT).ensure(config.topics(), config.eventsPartitions());
        // the stream thread calls it inside a transaction: a share of the transaction timeout, not a fixed time
        provisioner = new AdminTopicProvisioner(admin, config.predictionTopics(), config.budget().provisioning());
        provisioner.checkSpec(config.topics().predictions().topicFor("provisioning-check"));
        int existing = provisioner.learnExisting(config.topics().predictions().prefix());
        goneTopics = GoneTopicWatch.start(provisioner, config.budget().goneTopicCheck());
        log.info("{} device predictions topics exist already", existing);
        deviceFollower = DeviceFollower.start(config.bootstrapServers(), config.topics().devices(),
                config.catalogClientSettings(), devices, Clock.systemUTC());
        metrics.watchModel(models).watchTopicSpecs(provisioner::specMismatchCount);
        FunctionCounter.builder("fleet.model.swaps", models, ModelManager::swapCount)
                .description("Models swapped in, the first one included").register(meters);
        FunctionCounter.builder("fleet.model.load.failures", models, ModelManager::failedLoadCount)
                .description("Attempts to load a model version that failed (the old model kept serving)")
                .register(meters);
        FunctionCounter.builder("fleet.stream.threads.replaced", threadFailures, ThreadFailurePolicy::replaced)
                .description("Stream threads that failed and were replaced").register(meters);
        ops = OpsServer.start(config.httpHost(), config.httpPort(),
                new PipelineHealth(config.modelName(), models, this::streamsState, this::failure), meters);
        log.info("health and metrics on http://{}:{}/health/live, /health/ready, /metrics", config.httpHost(),
                ops.port());
    }

    /**
     * Waits until the model manager has loaded a model, logging what it waits for, then starts Kafka Streams.
     * Returns false if the app was closed while waiting; an {@link IllegalStateException} if it failed for good.
     */
    public boolean awaitModelAndStart() throws InterruptedException {
        if (config.scoring() == ScoringMode.CONSTANT) {
            log.warn("scoring with a constant instead of the model (--scoring constant): for benchmarks only");
        }
        while (!models.isReady() || !devices.isReady()) {
            if (closing.await(Math.min(WAITING_LOG_INTERVAL.toMillis(), 200), TimeUnit.MILLISECONDS)) {
                return false;
            }
            Optional<String> failed = failure();
            if (failed.isPresent()) {
                throw new IllegalStateException(failed.get());
            }
            logWaiting();
        }
        synchronized (this) {
            if (closing.getCount() == 0) {
                return false;
            }
            KafkaStreams client = new KafkaStreams(topology(), config.streamsProperties(deadLetters(), lookahead()));
            client.setUncaughtExceptionHandler(threadFailures);
            client.setStateListener((now, before) -> {
                log.info("Kafka Streams {} -> {}", before, now);
                if (now == KafkaStreams.State.ERROR) {
                    failed("Kafka Streams failed");
                } else if (now == KafkaStreams.State.NOT_RUNNING) {
                    stopped.countDown();
                }
            });
            streamsMetrics = new KafkaStreamsMetrics(client);
            streamsMetrics.bindTo(meters);
            streams = client;
            log.info("scoring with {}; consuming {}", models.current().map(spec -> spec.describe()).orElse("?"),
                    config.topics().events());
            client.start();
        }
        return true;
    }

    /** Waits until the app stops: closed, or failed for good (see {@link #failure()}); returns Kafka Streams' state. */
    public KafkaStreams.State awaitStop() throws InterruptedException {
        stopped.await();
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    /**
     * Why the app failed for good, if it did: Kafka Streams failed, or the model manager stopped following the
     * catalog (so no promotion would reach this instance). It is then no longer live, and needs a restart.
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The port of the health and metrics endpoints. */
    public int httpPort() {
        return ops.port();
    }

    /** The model manager, for its counters and the model in use. */
    public ModelManager models() {
        return models;
    }

    /** Kafka Streams' state; empty until a model is loaded and the client is started. */
    public Optional<KafkaStreams.State> streamsState() {
        KafkaStreams client = streams;
        return client == null ? Optional.empty() : Optional.of(client.state());
    }

    /** Stops consuming (committing what was processed), then the endpoints, the model manager and the clients. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing.getCount() == 0) {
                return;
            }
            closing.countDown();
        }
        KafkaStreams client = streams;
        // a stopped instance leaves the group, so that the others take its partitions at once instead of after the
        // session timeout: static membership would otherwise keep them assigned to it
        boolean streamsClosed = client == null || client.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        stopped.countDown();
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (ops != null) {
            ops.close();
        }
        if (streamsClosed) {
            models.close();
        } else {
            // a stream thread may still score: closing the model under it would dead-letter its events
            log.warn("Kafka Streams did not stop within {}; leaving the model open", CLOSE_TIMEOUT);
        }
        if (goneTopics != null) {
            goneTopics.close();
        }
        if (deviceFollower != null) {
            deviceFollower.close();
        }
        admin.close(Duration.ofSeconds(5));
        meters.close();
        log.info("stopped");
    }

    private void failed(String reason) {
        failure.compareAndSet(null, reason);
        stopped.countDown();
    }

    private Topology topology() {
        // the steps close over the model, the metrics and the provisioner: only the exception handlers and the
        // consumer's interceptor, which Kafka Streams makes from class names, find theirs in the settings
        PipelineSerdes serdes = PipelineSerdes.of(schemas);
        Scorer scorer = new Scorer(models, metrics, Clock.systemUTC(), config.scoring());
        return new ScoringTopology(config.topics(), serdes.events(), serdes.predictions(),
                new DeviceAdmission(new EventValidator(config.topics().predictions()), devices), scorer, provisioner,
                config.batching(),
                () -> new BatchScoringProcessor(config.batching(), models, metrics, Clock.systemUTC(),
                        config.topics().predictions(), provisioner, config.topics().events(), config.scoring()))
                .build();
    }

    private DeadLetters deadLetters() {
        return new DeadLetters(config.topics().deadLetters(), metrics::deadLetter);
    }

    private LookaheadProvisioning.Lookahead lookahead() {
        return new LookaheadProvisioning.Lookahead(config.topics().events(), config.topics().predictions(),
                provisioner, deviceId -> devices.find(deviceId).filter(Device::isActive).isPresent());
    }

    private void logWaiting() {
        if (System.nanoTime() - lastWaitingLog >= WAITING_LOG_INTERVAL.toNanos()) {
            lastWaitingLog = System.nanoTime();
            if (!devices.isReady()) {
                log.info("not consuming {} yet: reading the device registry's topic '{}'", config.topics().events(),
                        config.topics().devices());
                return;
            }
            log.info("not consuming {} yet: waiting for a PRODUCTION version of model '{}' in the model registry{}",
                    config.topics().events(), config.modelName(), models.lastLoadFailure()
                            .map(e -> " (the last load failed: " + e.getMessage() + ")").orElse(""));
        }
    }
}
