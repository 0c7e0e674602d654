package dev.fleetinference.streamapp.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.ModelLineage;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.batching.BatchSettings;
import dev.fleetinference.streamapp.batching.ScoringOutcome;
import dev.fleetinference.streamapp.deadletter.DeadLetters;
import dev.fleetinference.streamapp.model.SwappableModel;
import dev.fleetinference.streamapp.ops.PipelineMetrics;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.devices.signing.SigningSerializer;
import dev.fleetinference.streamapp.admission.DeviceAdmission;
import dev.fleetinference.streamapp.testing.LocalFleet;
import dev.fleetinference.streamapp.validation.EventValidator;
import java.util.Optional;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps {@link ScoringTopology} declares with their dead-letter paths are the topology's own, cover every reason a
 * dead letter can have, and the batched branch's one dead-letter edge sends refused events to the dead-letter topic
 * while predictions go on. The serdes are Avro's own single-object encoding: no registry is needed here.
 */
class TopologyStepsTest {

    private static final PipelineTopics TOPICS = PipelineTopics.defaults();
    private static final LocalFleet FLEET = new LocalFleet();
    private static final Serde<FeatureEvent> EVENTS = Serdes.serdeFrom(
            (topic, event) -> encoded(() -> event.toByteBuffer()),
            (topic, bytes) -> decoded(() -> FeatureEvent.fromByteBuffer(ByteBuffer.wrap(bytes))));
    private static final Serde<Prediction> PREDICTIONS = Serdes.serdeFrom(
            (topic, prediction) -> encoded(() -> prediction.toByteBuffer()),
            (topic, bytes) -> decoded(() -> Prediction.fromByteBuffer(ByteBuffer.wrap(bytes))));

    @TempDir
    Path stateDir;

    @Test
    void eachStepNamesANodeOfTheTopologyThatScoresItsWay() {
        Set<String> perEvent = nodeNames(topology(1));
        Set<String> batched = nodeNames(topology(4));

        assertThat(perEvent).contains(names(ScoringTopology.READ, ScoringTopology.VALIDATE, ScoringTopology.SCORE,
                ScoringTopology.PROVISION, ScoringTopology.WRITE)).doesNotContain(ScoringTopology.SCORE_BATCH.name());
        assertThat(batched).contains(names(ScoringTopology.READ, ScoringTopology.VALIDATE,
                ScoringTopology.SCORE_BATCH, ScoringTopology.PROVISION, ScoringTopology.WRITE))
                .doesNotContain(ScoringTopology.SCORE.name());
    }

    @Test
    void everyReasonADeadLetterCanHaveIsLeftByAStep() {
        Set<DeadLetterReason> declared = EnumSet.noneOf(DeadLetterReason.class);
        ScoringTopology.STEPS.forEach(step -> declared.addAll(step.deadLetters()));

        assertThat(declared).containsExactlyInAnyOrder(DeadLetterReason.values());
    }

    @Test
    void aBatchedEventTheModelRefusesGoesToTheDeadLetterTopicWithItsHeadersAndTheOthersToTheirDeviceTopics() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(4), props())) {
            TestInputTopic<String, FeatureEvent> events = driver.createInputTopic(TOPICS.events(),
                    new StringSerializer(), new SigningSerializer<>(EVENTS.serializer(), FeatureEvent::getDeviceId,
                            deviceId -> Optional.of(FLEET.keyOf(deviceId))));
            FeatureEvent refused = event("device-1", Map.of());
            FeatureEvent scored = event("device-1", Map.of("temperature_c", 21.5f));

            events.pipeInput("device-1", refused);
            events.pipeInput("device-1", scored);

            TestOutputTopic<String, FeatureEvent> deadLetters = driver.createOutputTopic(TOPICS.deadLetters(),
                    new StringDeserializer(), EVENTS.deserializer());
            TestRecord<String, FeatureEvent> letter = deadLetters.readRecord();
            assertThat(letter.key()).isEqualTo("device-1");
            assertThat(letter.value()).isEqualTo(refused);
            assertThat(new String(letter.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                    .isEqualTo(DeadLetterReason.MISSING_FEATURE.code());
            assertThat(deadLetters.isEmpty()).as("only the refused event is a dead letter").isTrue();
            assertThat(driver.createOutputTopic(TOPICS.predictions().topicFor("device-1"), new StringDeserializer(),
                            PREDICTIONS.deserializer()).readValuesToList())
                    .extracting(Prediction::getEventId).containsExactly(scored.getEventId());
        }
    }

    private static Topology topology(int batchSize) {
        PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
        return new ScoringTopology(TOPICS, EVENTS, PREDICTIONS,
                new DeviceAdmission(new EventValidator(TOPICS.predictions()), FLEET.directory()),
                new Scorer(new SwappableModel("no model"), metrics, Clock.systemUTC()), topics -> { },
                new BatchSettings(batchSize, Duration.ofMillis(5)), RejectsEventsWithoutFeatures::new).build();
    }

    private Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-steps-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return props;
    }

    private static Set<String> nodeNames(Topology topology) {
        return topology.describe().subtopologies().stream().flatMap(subtopology -> subtopology.nodes().stream())
                .map(TopologyDescription.Node::name).collect(Collectors.toSet());
    }

    private static String[] names(TopologyStep... steps) {
        return Stream.of(steps).map(TopologyStep::name).toArray(String[]::new);
    }

    private static FeatureEvent event(String deviceId, Map<String, Float> features) {
        return FeatureEvent.newBuilder().setDeviceId(deviceId).setEventId(UUID.randomUUID())
                .setEventTime(Instant.parse("2025-03-01T10:15:30Z")).setFeatures(features).build();
    }

    private static byte[] encoded(AvroWrite write) {
        try {
            ByteBuffer buffer = write.bytes();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T decoded(AvroRead<T> read) {
        try {
            return read.value();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface AvroWrite {
        ByteBuffer bytes() throws IOException;
    }

    private interface AvroRead<T> {
        T value() throws IOException;
    }

    /**
     * Stands in for the batch scorer: an event without features is refused as a restored event that a newer model
     * refuses would be, with the reason in its headers; any other is scored at once.
     */
    private static final class RejectsEventsWithoutFeatures
            implements Processor<String, FeatureEvent, String, ScoringOutcome> {

        private ProcessorContext<String, ScoringOutcome> context;

        @Override
        public void init(ProcessorContext<String, ScoringOutcome> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, FeatureEvent> record) {
            FeatureEvent event = record.value();
            if (event.getFeatures().isEmpty()) {
                context.forward(record.withValue(new ScoringOutcome.Rejected(event))
                        .withHeaders(new RecordHeaders().add(DeadLetters.REASON,
                                DeadLetterReason.MISSING_FEATURE.code().getBytes(StandardCharsets.UTF_8))));
            } else {
                context.forward(record.withValue(new ScoringOutcome.Scored(Prediction.newBuilder()
                        .setEventId(event.getEventId()).setDeviceId(event.getDeviceId())
                        .setModel(new ModelLineage("anomaly", 1, "0".repeat(64))).setScore(0.1f).setLabel("normal")
                        .setEventTime(event.getEventTime()).setScoredTime(event.getEventTime()).build())));
            }
        }
    }
}
