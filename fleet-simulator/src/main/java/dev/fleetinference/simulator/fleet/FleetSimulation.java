package dev.fleetinference.simulator.fleet;

import dev.fleetinference.devices.signing.SigningKey;
import dev.fleetinference.devices.signing.SigningSerializer;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import dev.fleetinference.simulator.telemetry.FleetTelemetry;
import dev.fleetinference.simulator.telemetry.SimulatedDevice;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a simulated fleet against a Kafka cluster: the devices publish {@code FeatureEvent}s at the fleet's
 * rate, read their own predictions topics, and the run reports what came back, how fast, and what never did.
 *
 * <pre>{@code
 * var config = FleetSimulationConfig.of(stack.bootstrapServers(), stack.schemaRegistryUrl())
 *         .withDevices(50).withEventsPerSecond(500).withLimit(SendLimit.duration(Duration.ofSeconds(30)));
 * SimulationReport report = new FleetSimulation(config, ProgressLine.onStandardOutput()).run();
 * System.out.print(report.toTable());
 * }</pre>
 *
 * <p>Threads: the caller's sends, one reads every device's predictions, one looks for predictions topics that do not
 * exist yet, one reports progress. A simulation runs once.
 */
public final class FleetSimulation {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulation.class);
    /** How much a stalled sender may catch up at once: a second's worth of events (the pacer's bucket). */
    static final Duration MAX_CATCH_UP = Duration.ofSeconds(1);
    private static final Duration TOPIC_LOOKUP_INTERVAL = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final FleetSimulationConfig config;
    private final Consumer<SimulationProgress> progressListener;
    private final RoundTripTracker tracker = new RoundTripTracker();
    private final AtomicBoolean started = new AtomicBoolean();
    // counted down by stop(), or when reading predictions fails: sending ends, the run goes on to its report
    private final CountDownLatch stopSending = new CountDownLatch(1);
    // counted down when the run ends: the topic watcher stops
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> readingFailure = new AtomicReference<>();
    private volatile SimulationProgress.Phase phase = SimulationProgress.Phase.STARTING;
    private volatile long startNanos;

    /** A run that reports only at its end. */
    public FleetSimulation(FleetSimulationConfig config) {
        this(config, progress -> { });
    }

    /**
     * A run that tells {@code progressListener} how it stands every progress interval, and once more (phase
     * {@link SimulationProgress.Phase#DONE}) when it has completed.
     */
    public FleetSimulation(FleetSimulationConfig config, Consumer<SimulationProgress> progressListener) {
        this.config = Objects.requireNonNull(config, "config");
        this.progressListener = Objects.requireNonNull(progressListener, "progressListener");
    }

    /**
     * Runs the fleet: waits for Kafka and the events topic, sends until the limit (or {@link #stop()}), waits up to
     * the grace period for predictions still in flight, and reports.
     *
     * @throws SimulationException if Kafka, the events topic or the schema registry is not there within the start
     *                             timeout, or sending or reading fails for good
     */
    public SimulationReport run() throws InterruptedException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a FleetSimulation runs once; make a new one for another run");
        }
        startNanos = System.nanoTime();
        List<FleetDevice> devices = devices();
        ScheduledExecutorService ticker = startProgress();
        Set<UUID> missing;
        try {
            missing = exchange(devices);
        } catch (KafkaException e) {
            // a client that cannot be built, or a send the producer refuses outright (e.g. the registry is gone)
            throw new SimulationException("the run failed (Kafka " + config.bootstrapServers() + ", schema registry "
                    + config.schemaRegistryUrl() + "): " + e.getMessage(), e);
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        phase = SimulationProgress.Phase.DONE;
        reportProgress();
        int failing = (int) devices.stream().filter(FleetDevice::failing).count();
        return SimulationReport.of(config, failing, tracker.tally(), missing);
    }

    /** Stops sending (from any thread); {@link #run()} then waits the grace period for answers and reports. */
    public void stop() {
        stopSending.countDown();
    }

    private Set<UUID> exchange(List<FleetDevice> devices) throws InterruptedException {
        Map<String, String> deviceByTopic = new LinkedHashMap<>();
        devices.forEach(d -> deviceByTopic.put(config.topics().predictionsFor(d.id()), d.id()));
        SchemaRegistryClientConfig registryConfig = SchemaRegistryClientConfig.of(config.schemaRegistryUrl());
        SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUserInfo()
                .map(registryConfig::withBasicAuth).orElse(registryConfig));
        AvroSerializer<FeatureEvent> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.forValues());
        String eventsTopic = config.topics().events();
        KafkaConsumer<byte[], byte[]> metadata = null;
        KafkaProducer<String, FeatureEvent> producer = null;
        PredictionReader reader = null;
        List<Thread> threads = new ArrayList<>();
        try {
            metadata = FleetClients.metadataConsumer(config.bootstrapServers(), config.clientSettings());
            TopicWatcher watcher = new TopicWatcher(metadata, config.bootstrapServers(), deviceByTopic);
            if (!watcher.awaitTopic(eventsTopic, config.startTimeout(), stopSending)) {
                return tracker.finish();
            }
            Map<String, SigningKey> keys = FleetRegistration.register(config, devices);
            producer = FleetClients.producer(config.bootstrapServers(), config.clientSettings(),
                    new SigningSerializer<>(serializer,
                    FeatureEvent::getDeviceId, deviceId -> Optional.ofNullable(keys.get(deviceId))));
            warmUp(producer, serializer);

            reader = new PredictionReader(FleetClients.predictionsConsumer(config.bootstrapServers(),
                    config.clientSettings(), registry),
                    tracker, deviceByTopic, watcher.findNew(), this::readingFailed);
            threads.add(start("fleet-predictions", reader));
            if (!reader.awaitReady(config.startTimeout())) {
                throw new SimulationException("the devices' predictions topics could not be positioned within "
                        + config.startTimeout().toSeconds() + " s at " + config.bootstrapServers());
            }
            throwIfReadingFailed();
            PredictionReader newTopics = reader;
            threads.add(start("fleet-topic-watcher", () -> watchTopics(watcher, newTopics)));

            phase = SimulationProgress.Phase.SENDING;
            long origin = System.nanoTime();
            new EventSender(devices, producer, eventsTopic, tracker)
                    .run(new Pacer(config.eventsPerSecond(), MAX_CATCH_UP, origin), config.limit(), origin,
                            stopSending);
            producer.flush();

            phase = SimulationProgress.Phase.DRAINING;
            if (readingFailure.get() == null) {
                tracker.awaitNoneInFlight(config.grace());
            }
            throwIfReadingFailed();
            return tracker.finish();
        } finally {
            shutdown.countDown();
            if (reader != null) {
                reader.stop();
            }
            for (Thread thread : threads) {
                thread.join(CLOSE_TIMEOUT.toMillis());
                if (thread.isAlive()) {
                    LOG.warn("thread {} did not end within {} s", thread.getName(), CLOSE_TIMEOUT.toSeconds());
                }
            }
            if (producer != null) {
                producer.close(CLOSE_TIMEOUT);
            }
            if (metadata != null) {
                metadata.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            }
        }
    }

    // fetches the events topic's metadata and registers the event schema now, so the first paced send does not
    // wait for either and the run does not start with a burst
    private void warmUp(KafkaProducer<String, FeatureEvent> producer, AvroSerializer<FeatureEvent> serializer) {
        String topic = config.topics().events();
        producer.partitionsFor(topic);
        FeatureEvent sample = FeatureEvent.newBuilder()
                .setDeviceId("warm-up").setEventId(UUID.randomUUID()).setEventTime(Instant.now())
                .setFeatures(Map.of()).build();
        try {
            serializer.serialize(topic, sample);
        } catch (KafkaException e) {
            throw new SimulationException("cannot register the FeatureEvent schema at " + config.schemaRegistryUrl()
                    + ": " + e.getMessage(), e);
        }
    }

    private void watchTopics(TopicWatcher watcher, PredictionReader reader) {
        try {
            watcher.watch(TOPIC_LOOKUP_INTERVAL, reader::add, shutdown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readingFailed(RuntimeException failure) {
        readingFailure.compareAndSet(null, failure);
        stopSending.countDown();
    }

    private void throwIfReadingFailed() {
        RuntimeException failure = readingFailure.get();
        if (failure != null) {
            throw new SimulationException("reading the devices' predictions failed: " + failure.getMessage(),
                    failure);
        }
    }

    private List<FleetDevice> devices() {
        // failing devices fail from their first event, so even a short run shows every failure mode
        List<SimulatedDevice> machines = new FleetTelemetry(config.seed())
                .devices(config.devices(), config.failingShare(), Duration.ZERO, Duration.ZERO);
        Instant firstWindowEnd = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<FleetDevice> devices = new ArrayList<>(machines.size());
        for (int i = 0; i < machines.size(); i++) {
            devices.add(new FleetDevice(machines.get(i), i + 1, firstWindowEnd));
        }
        return devices;
    }

    private ScheduledExecutorService startProgress() {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "fleet-progress");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.progressInterval().toNanos();
        ticker.scheduleAtFixedRate(this::reportProgress, every, every, TimeUnit.NANOSECONDS);
        return ticker;
    }

    private void reportProgress() {
        try {
            progressListener.accept(progress());
        } catch (RuntimeException e) {
            // a failing listener must not end the run, and a scheduled task that throws is never run again
            LOG.warn("the progress listener failed: {}", e.toString());
        }
    }

    private SimulationProgress progress() {
        RoundTripTally tally = tracker.tally();
        return new SimulationProgress(phase, Duration.ofNanos(System.nanoTime() - startNanos), tally.sent(),
                tally.received(), tally.inFlight(), tally.roundTrip());
    }

    private static Thread start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.start();
        return thread;
    }
}
