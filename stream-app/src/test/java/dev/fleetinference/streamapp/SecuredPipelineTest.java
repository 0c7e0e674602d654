package dev.fleetinference.streamapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.devices.registry.DeviceRegistry;
import dev.fleetinference.devices.registry.PipelineAccess;
import dev.fleetinference.devices.registry.RegistryConfig;
import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import dev.fleetinference.streamapp.deadletter.DeadLetters;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.EventFactory;
import dev.fleetinference.streamapp.testing.PipelineClients;
import dev.fleetinference.streamapp.testing.PipelineInstance;
import dev.fleetinference.streamapp.testing.RegistryFixture;
import dev.fleetinference.streamapp.testing.TestFleet;
import dev.fleetinference.streamapp.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a secured cluster, run as its own least-privilege principal (docs/security.md): events to
 * predictions exactly once, a promotion, and the dead letters of an unknown device and of one device speaking for
 * another.
 */
@WithStack(secured = true)
@Timeout(240)
class SecuredPipelineTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path stateDir;

    @Test
    void theLeastPrivilegedPipelineScoresRegisteredDevicesOnceSwapsModelsAndDeadLettersTheRest(TestStack stack)
            throws Exception {
        String run = RegistryFixture.newName("secured");
        RegistryFixture models = new RegistryFixture(stack);
        models.register(run, CommittedModels.V1);
        models.promote(run, 1);
        models.register(run, CommittedModels.V2);
        PipelineTopics topics = PipelineInstance.topics(run);
        Map<String, String> pipeline;
        try (DeviceRegistry registry = new DeviceRegistry(new RegistryConfig(stack.bootstrapServers(),
                stack.adminClientSettings(), topics.devices(), topics.events(), topics.predictions().prefix(),
                PredictionTopicSpec.defaults(), Duration.ofSeconds(30)), Clock.systemUTC())) {
            assertThat(registry.secured()).isTrue();
            pipeline = registry.grantPipeline("pipeline-" + run, new PipelineAccess(run + "-app", topics.events(),
                    topics.deadLetters(), topics.devices(), CatalogTopic.DEFAULT_NAME,
                    topics.predictions().prefix()), 4);
        }
        // the secured stack's schema registry takes writes (the events' schema) only from its user
        SchemaRegistryClient schemas = new SchemaRegistryClient(SchemaRegistryClientConfig.of(
                stack.schemaRegistryUrl()).withBasicAuth(stack.schemaRegistryUserInfo().orElseThrow()));
        EventFactory events = new EventFactory(5);
        List<String> devices = IntStream.range(0, 10).mapToObj(i -> "device-" + i).toList();
        Set<UUID> sent = new HashSet<>();

        try (StreamApp app = PipelineInstance.start(PipelineInstance.withKafka(
                     PipelineInstance.config(stack, run, run, "instance-1", stateDir), pipeline));
             TestFleet fleet = TestFleet.of(stack, topics).register(devices);
             KafkaProducer<String, FeatureEvent> producer = PipelineClients.eventProducer(stack, schemas, fleet);
             TopicReader<Prediction> predictions = PipelineClients.predictionReader(stack, schemas, topics)) {
            for (int i = 0; i < 200; i++) {
                FeatureEvent event = events.event(devices.get(i % devices.size()));
                sent.add(event.getEventId());
                producer.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), event));
            }
            producer.flush();
            predictions.readAtLeast(200, READ_TIMEOUT);
            models.promote(run, 2);
            // the next events are scored by v2 once the instance has swapped
            org.awaitility.Awaitility.await().atMost(READ_TIMEOUT).until(() -> app.models().current()
                    .map(spec -> spec.version() == 2).orElse(false));
            for (int i = 0; i < 200; i++) {
                FeatureEvent event = events.event(devices.get(i % devices.size()));
                sent.add(event.getEventId());
                producer.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), event));
            }
            producer.flush();
            predictions.readAtLeast(400, READ_TIMEOUT);
            List<ConsumerRecord<String, Prediction>> all = predictions.readFor(Duration.ofSeconds(1));

            assertThat(all).hasSize(400);
            assertThat(all.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet())).isEqualTo(sent);
            assertThat(all.stream().map(r -> r.value().getModel().getVersion()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(1, 2);

            // a stranger's event and device-1's event in device-2's name, each signed with a key of its own
            AvroSerializer<FeatureEvent> serializer = new AvroSerializer<>(schemas, AvroSerdeConfig.forValues());
            byte[] stranger = serializer.serialize(topics.events(), events.event("stranger-1"));
            byte[] impersonation = serializer.serialize(topics.events(), events.event("device-2"));
            Map<String, Object> admin = new HashMap<>(stack.adminClientSettings());
            admin.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(admin, new StringSerializer(),
                    new ByteArraySerializer())) {
                ProducerRecord<String, byte[]> fromStranger = new ProducerRecord<>(topics.events(), "stranger-1",
                        stranger);
                fromStranger.headers().add(EventSignature.HEADER, fleet.sign("device-1", stranger));
                ProducerRecord<String, byte[]> asAnother = new ProducerRecord<>(topics.events(), "device-2",
                        impersonation);
                asAnother.headers().add(EventSignature.HEADER, fleet.sign("device-1", impersonation));
                raw.send(fromStranger).get();
                raw.send(asAnother).get();
            }
            try (TopicReader<byte[]> deadLetters = new TopicReader<>(stack.bootstrapServers(),
                    stack.adminClientSettings(), Pattern.compile(Pattern.quote(topics.deadLetters())),
                    new ByteArrayDeserializer())) {
                List<String> reasons = deadLetters.readAtLeast(2, READ_TIMEOUT).stream()
                        .map(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(),
                                StandardCharsets.UTF_8)).toList();
                assertThat(reasons).containsExactlyInAnyOrder("unknown-device", "unauthenticated");
            }
            assertThat(app.failure()).isEqualTo(Optional.empty());
        }
    }
}
