package dev.fleetinference.streamapp.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.deadletter.DeadLetterHandlers;
import dev.fleetinference.streamapp.deadletter.DeadLetters;
import dev.fleetinference.streamapp.model.CurrentModel;
import dev.fleetinference.streamapp.model.LoadedModel;
import dev.fleetinference.streamapp.model.ModelLease;
import dev.fleetinference.streamapp.model.ModelSpec;
import dev.fleetinference.streamapp.model.TestModels;
import dev.fleetinference.streamapp.ops.PipelineMetrics;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.pipeline.Scorer;
import dev.fleetinference.streamapp.pipeline.ScoringMode;
import dev.fleetinference.streamapp.pipeline.ScoringTopology;
import dev.fleetinference.streamapp.routing.TopicProvisioner;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.V1Topology;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.admission.DeviceAdmission;
import dev.fleetinference.streamapp.testing.LocalFleet;
import dev.fleetinference.streamapp.validation.EventValidator;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batched scoring topology in a TopologyTestDriver, with the real v1 model and Avro serdes: a batch is scored when
 * full or when its first event has waited long enough, in one model call, in arrival order; the buffer is in the
 * store until its batch is scored.
 */
@WithStack
class BatchScoringTopologyTest {

    private static final PipelineTopics TOPICS = PipelineTopics.defaults();
    private static final Duration MAX_WAIT = Duration.ofMillis(50);
    private static final int SIZE = 4;
    private static final Instant SCORED_TIME = Instant.parse("2025-03-01T10:15:31.456Z");

    private static V1Topology v1;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // every device registered on its first event; the admission tests revoke or impersonate some
    private final LocalFleet fleet = new LocalFleet();
    private final List<List<String>> provisioned = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void prepare(TestStack stack) {
        v1 = V1Topology.open(stack);
    }

    @AfterAll
    static void closeModel() {
        v1.close();
    }

    private void start(int size) {
        start(size, v1.model(), topics -> provisioned.add(List.copyOf(topics)));
    }

    private void start(int size, CurrentModel model, TopicProvisioner batchProvisioner) {
        PipelineMetrics metrics = new PipelineMetrics(meters);
        Clock clock = Clock.fixed(SCORED_TIME, ZoneOffset.UTC);
        BatchSettings batching = new BatchSettings(size, MAX_WAIT);
        var topology = new ScoringTopology(TOPICS, v1.events(), v1.predictions(),
                new DeviceAdmission(new EventValidator(TOPICS.predictions()), fleet.directory()), new Scorer(model, metrics, clock),
                // the per-event check downstream; the batch's own request is the one recorded
                topics -> { }, batching,
                () -> new BatchScoringProcessor(batching, model, metrics, clock, TOPICS.predictions(),
                        batchProvisioner, TOPICS.events(), ScoringMode.MODEL))
                .build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "batch-scoring-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // the driver drops dead letters sent inside an open transaction (see ScoringTopologyTest)
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        DeadLetterHandlers.install(props, new DeadLetters(TOPICS.deadLetters(), metrics::deadLetter),
                batchProvisioner);
        driver = new TopologyTestDriver(topology, props, Instant.parse("2025-03-01T10:00:00Z"));
        events = driver.createInputTopic(TOPICS.events(), new ByteArraySerializer(),
                fleet.signing(v1.events().deserializer()));
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aFullBatchIsScoredAtOnceInOneModelCallInArrivalOrder() {
        start(SIZE);
        List<FeatureEvent> sent = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            FeatureEvent event = probeEvent("device-1", i);
            sent.add(event);
            events.pipeInput(key("device-1"), serialized(event));
            if (i < SIZE - 1) {
                assertThat(predictionsOf("device-1").isEmpty()).as("nothing before the batch is full").isTrue();
            }
        }

        List<Prediction> predictions = predictionsOf("device-1").readValuesToList();
        assertThat(predictions).extracting(Prediction::getEventId)
                .containsExactlyElementsOf(sent.stream().map(FeatureEvent::getEventId).toList());
        for (int i = 0; i < SIZE; i++) {
            assertThat(predictions.get(i).getScore()).isCloseTo(v1.probe().scores()[i], within(1e-5f));
            assertThat(predictions.get(i).getScoredTime()).isEqualTo(SCORED_TIME);
        }
        assertThat(meters.get("fleet.inference").timer().count()).as("model calls").isEqualTo(1);
        assertThat(meters.get("fleet.batch.size").summary().totalAmount()).isEqualTo(SIZE);
        assertThat(provisioned).as("one request for the batch's devices").containsExactly(List.of("predictions.device-1"));
    }

    @Test
    void aBatchThatDoesNotFillIsScoredOnceItsFirstEventHasWaitedTheLongestWait() {
        start(SIZE);
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 0)));
        events.pipeInput(key("device-2"), serialized(probeEvent("device-2", 1)));

        driver.advanceWallClockTime(Duration.ofMillis(1));
        assertThat(predictionsOf("device-1").isEmpty()).isTrue();

        driver.advanceWallClockTime(MAX_WAIT);

        assertThat(predictionsOf("device-1").readValuesToList()).hasSize(1);
        assertThat(predictionsOf("device-2").readValuesToList()).hasSize(1);
        assertThat(provisioned).containsExactly(List.of("predictions.device-1", "predictions.device-2"));
    }

    @Test
    void eachDevicesPredictionsKeepTheOrderOfItsEventsAcrossBatches() {
        start(3);
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String device = "device-" + (i % 2);
            FeatureEvent event = probeEvent(device, i % v1.probe().inputs().length);
            if (device.equals("device-0")) {
                sent.add(event.getEventId());
            }
            events.pipeInput(key(device), serialized(event));
        }
        driver.advanceWallClockTime(MAX_WAIT);

        assertThat(predictionsOf("device-0").readValuesToList()).extracting(Prediction::getEventId)
                .containsExactlyElementsOf(sent);
        assertThat(meters.get("fleet.batch.size").summary().count()).as("batches of 3, 3, 3 and 1").isEqualTo(4);
    }

    @Test
    void bufferedEventsAreInTheStoreUntilTheirBatchIsScoredWhichMovesTheMark() {
        start(SIZE);
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 0)));
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 1)));

        KeyValueStore<Integer, BufferSerde.Slot> store = driver.getKeyValueStore(BatchScoringProcessor.STORE);
        assertThat(store.get(0).offset()).isEqualTo(0);
        assertThat(store.get(1).offset()).isEqualTo(1);
        assertThat(store.get(BatchScoringProcessor.MARK)).as("nothing scored yet").isNull();

        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 2)));
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 3)));

        assertThat(store.get(BatchScoringProcessor.MARK).offset()).as("the last offset scored").isEqualTo(3);
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 4)));
        assertThat(store.get(0).offset()).as("slots are reused by the next batch").isEqualTo(4);
    }

    @Test
    void eachCommitSendsTheSlotsWrittenSinceTheLastOneAndTheMarkToTheChangelog() {
        start(SIZE);
        TestOutputTopic<Integer, BufferSerde.Slot> changelog = driver.createOutputTopic(
                "batch-scoring-test-" + BatchScoringProcessor.STORE + "-changelog", Serdes.Integer().deserializer(),
                BufferSerde.of(v1.events()).deserializer());

        // the driver commits after each record
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 0)));
        assertThat(changelog.readKeyValuesToMap()).containsOnlyKeys(0);
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 1)));
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 2)));
        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(1, 2);

        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 3)));

        Map<Integer, BufferSerde.Slot> lastCommit = changelog.readKeyValuesToMap();
        assertThat(lastCommit).containsOnlyKeys(3, BatchScoringProcessor.MARK);
        assertThat(lastCommit.get(BatchScoringProcessor.MARK).offset()).isEqualTo(3);
    }

    @Test
    void anEventThatDoesNotFitTheModelIsADeadLetterOfItsOwnBytesAndTheBatchGoesOn() {
        start(2);
        FeatureEvent bad = probeEvent("device-1", 0);
        Map<String, Float> features = new LinkedHashMap<>(bad.getFeatures());
        features.put(v1.spec().featureNames().get(0), Float.NaN);
        byte[] badBytes = serialized(FeatureEvent.newBuilder(bad).setFeatures(features).build());

        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 1)));
        events.pipeInput(key("device-1"), badBytes);
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 2)));

        assertThat(deadLetters.readRecord().value()).isEqualTo(badBytes);
        assertThat(predictionsOf("device-1").readValuesToList()).hasSize(2);
    }

    @Test
    void aDeviceWhoseTopicTheClusterRefusesLeavesItsBatchAsItsOwnDeadLettersAndTheRestIsScored() {
        // the broker refuses 'predictions.dev.1' once 'predictions.dev_1' exists: that device's events are at fault
        String refused = TOPICS.predictions().topicFor("dev.1");
        start(SIZE, v1.model(), topics -> {
            provisioned.add(List.copyOf(topics));
            if (topics.contains(refused)) {
                throw new InvalidEventException(DeadLetterReason.ILLEGAL_DEVICE_ID, "the cluster refuses " + refused);
            }
        });
        List<FeatureEvent> good = new ArrayList<>();
        for (int i = 0; i < 2 * SIZE; i++) {
            if (i == 1) {
                events.pipeInput(key("dev.1"), serialized(probeEvent("dev.1", i)));
            } else {
                FeatureEvent event = probeEvent("device-1", i % v1.probe().inputs().length);
                good.add(event);
                events.pipeInput(key("device-1"), serialized(event));
            }
        }

        var deadLetter = deadLetters.readRecord();
        assertThat(deadLetters.isEmpty()).as("one dead letter: the refused device's event alone").isTrue();
        assertThat(header(deadLetter, DeadLetters.REASON)).isEqualTo("illegal-device-id");
        assertThat(header(deadLetter, DeadLetters.OFFSET)).as("the refused event's own offset").isEqualTo("1");
        assertThat(predictionsOf("dev.1").isEmpty()).as("never a dead letter and a prediction").isTrue();
        assertThat(predictionsOf("device-1").readValuesToList()).extracting(Prediction::getEventId)
                .as("the rest of its batch and the next batch, each scored once")
                .containsExactlyElementsOf(good.stream().map(FeatureEvent::getEventId).toList());
        assertThat(driver.getKeyValueStore(BatchScoringProcessor.STORE).get(SIZE)).as("the ring stays in its slots")
                .isNull();
    }

    @Test
    void aModelCallThatFailsFailsTheTaskInsteadOfFilingTheEventThatFilledTheBatch() {
        start(SIZE, closedModel(), topics -> { });
        for (int i = 0; i < SIZE - 1; i++) {
            events.pipeInput(key("device-1"), serialized(probeEvent("device-1", i)));
        }

        assertThatThrownBy(() -> events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 3))))
                .isInstanceOf(StreamsException.class)
                .hasStackTraceContaining("failed to score a batch of " + SIZE + " events");
        assertThat(deadLetters.isEmpty()).as("the events are read again from the last commit").isTrue();
    }

    @Test
    void aTimedFlushThatFailsFailsTheTaskRatherThanTheDeadLetterHandler() {
        start(SIZE, closedModel(), topics -> { });
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 0)));

        assertThatThrownBy(() -> driver.advanceWallClockTime(MAX_WAIT.multipliedBy(2)))
                .isInstanceOf(StreamsException.class)
                .hasStackTraceContaining("failed to score a batch of 1 events")
                .hasStackTraceContaining("is closed");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    /** v1 loaded and closed again: a real model whose every call fails. */
    private static CurrentModel closedModel() {
        LoadedModel closed = TestModels.load(v1.spec(), CommittedModels.V1);
        closed.close();
        return new CurrentModel() {
            @Override
            public ModelLease acquire() {
                return new ModelLease() {
                    @Override
                    public LoadedModel model() {
                        return closed;
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public Optional<ModelSpec> current() {
                return Optional.of(v1.spec());
            }
        };
    }

    private static String header(org.apache.kafka.streams.test.TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void withBatchSizeOneEachEventIsScoredOnItsOwnWithNoBuffer() {
        start(1);
        events.pipeInput(key("device-1"), serialized(probeEvent("device-1", 0)));

        assertThat(predictionsOf("device-1").readValuesToList()).hasSize(1);
        assertThat(driver.getAllStateStores()).isEmpty();
    }

    @Test
    void aProcessorInitialisedAgainOnItsRestoredStoreScoresEachBufferedEventOnce() {
        // Kafka Streams closes a corrupted task and inits the same processor object again on the restored store
        MockProcessorContext<String, ScoringOutcome> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000);
        KeyValueStore<Integer, BufferSerde.Slot> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(BatchScoringProcessor.STORE), Serdes.Integer(),
                        BufferSerde.of(v1.events()))
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        BatchSettings batching = new BatchSettings(10, MAX_WAIT);
        PipelineMetrics metrics = new PipelineMetrics(meters);
        BatchScoringProcessor processor = new BatchScoringProcessor(batching, v1.model(), metrics,
                Clock.fixed(SCORED_TIME, ZoneOffset.UTC), TOPICS.predictions(), topics -> { }, TOPICS.events(),
                ScoringMode.MODEL);
        processor.init(context);
        for (int i = 0; i < 3; i++) {
            context.setRecordMetadata(TOPICS.events(), 0, i);
            processor.process(new org.apache.kafka.streams.processor.api.Record<>("device-1",
                    probeEvent("device-1", i), 0L));
        }

        processor.close();
        processor.init(context);
        context.scheduledPunctuators().get(context.scheduledPunctuators().size() - 1).getPunctuator()
                .punctuate(context.currentSystemTimeMs() + MAX_WAIT.toMillis());

        assertThat(context.forwarded()).hasSize(3);
    }

    private TestOutputTopic<String, Prediction> predictionsOf(String deviceId) {
        return driver.createOutputTopic(TOPICS.predictions().topicFor(deviceId), Serdes.String().deserializer(),
                v1.predictions().deserializer());
    }

    private static FeatureEvent probeEvent(String deviceId, int row) {
        Map<String, Float> features = new LinkedHashMap<>();
        for (int i = 0; i < v1.probe().featureNames().size(); i++) {
            features.put(v1.probe().featureNames().get(i), v1.probe().inputs()[row][i]);
        }
        return FeatureEvent.newBuilder().setDeviceId(deviceId).setEventId(UUID.randomUUID())
                .setEventTime(Instant.parse("2025-03-01T10:15:30Z")).setFeatures(features).build();
    }

    private static byte[] key(String deviceId) {
        return deviceId.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] serialized(FeatureEvent event) {
        return v1.events().serializer().serialize(TOPICS.events(), event);
    }
}
