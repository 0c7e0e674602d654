package dev.fleetinference.devices.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.devices.registry.DeviceRegistry;
import dev.fleetinference.devices.registry.PipelineAccess;
import dev.fleetinference.devices.registry.Registration;
import dev.fleetinference.devices.registry.RegistryConfig;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a secured cluster (SASL_SSL, SCRAM, the StandardAuthorizer, no ACL meaning no access), a registered device
 * reads only its own predictions: no other device's topic, nor the events, the dead letters or the registries'
 * topics; it creates no topic and writes no predictions topic; a wrong password and a revoked device are refused.
 */
@WithStack(secured = true)
@Timeout(180)
class DeviceIsolationTest {

    private static final int DEVICES = 100;
    private static final String PREFIX = "predictions.";
    private static final Duration TRY = Duration.ofSeconds(15);

    static TestStack stack;
    static DeviceRegistry registry;
    static List<Registration> fleet;

    @BeforeAll
    static void registerTheFleet(TestStack testStack) {
        stack = testStack;
        registry = new DeviceRegistry(new RegistryConfig(stack.bootstrapServers(), stack.adminClientSettings(),
                "_devices", "device-events", PREFIX, PredictionTopicSpec.defaults(), Duration.ofSeconds(60)),
                Clock.systemUTC());
        registry.grantPipeline("fleet-pipeline", new PipelineAccess("fleet-scoring", "device-events",
                "device-events.dlq", "_devices", "_model-registry", PREFIX), 1);
        fleet = registry.register(IntStream.rangeClosed(1, DEVICES)
                .mapToObj(i -> String.format("device-%03d", i)).toList(), Optional.empty());
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    @Test
    void eachOfAHundredDevicesIsRefusedEveryOtherDevicesTopicAndTheSharedOnesButReadsItsOwn() throws Exception {
        assertThat(registry.secured()).isTrue();
        List<String> shared = List.of("device-events", "device-events.dlq", "_devices", "_model-registry", "_schemas");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (Registration device : fleet) {
                checks.add(pool.submit(() -> {
                    List<String> forbidden = new ArrayList<>(shared);
                    fleet.stream().filter(other -> other != device)
                            .forEach(other -> forbidden.add(PREFIX + other.device().id()));
                    try (KafkaConsumer<byte[], byte[]> consumer = consumer(device)) {
                        consumer.assign(forbidden.stream().map(topic -> new TopicPartition(topic, 0)).toList());
                        assertThatThrownBy(() -> consumer.poll(TRY)).as(device.device().id())
                                .isInstanceOfSatisfying(TopicAuthorizationException.class, refused -> assertThat(
                                        refused.unauthorizedTopics()).as(device.device().id())
                                        .containsAll(forbidden.stream().filter(t -> !t.equals("device-events"))
                                                .toList()));
                        // the events topic it may write is described to it, and still not read
                        consumer.assign(List.of(new TopicPartition("device-events", 0)));
                        consumer.seekToBeginning(consumer.assignment());
                        assertThatThrownBy(() -> consumer.poll(TRY)).isInstanceOf(TopicAuthorizationException.class);
                        TopicPartition own = new TopicPartition(PREFIX + device.device().id(), 0);
                        consumer.assign(List.of(own));
                        consumer.seekToBeginning(List.of(own));
                        consumer.poll(Duration.ofMillis(500));
                        assertThat(consumer.position(own)).isZero();
                    }
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get(150, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeviceCreatesNoTopicAndWritesNoPredictionsTopicNotEvenItsOwn() throws Exception {
        Registration device = fleet.get(0);
        try (KafkaProducer<byte[], byte[]> producer = producer(device)) {
            for (String topic : List.of(PREFIX + fleet.get(1).device().id(), PREFIX + device.device().id())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, new byte[] {1})).get(30,
                        TimeUnit.SECONDS)).as(topic).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            // the events topic is the one it may write
            producer.send(new ProducerRecord<>("device-events", device.device().id().getBytes(), new byte[] {1}))
                    .get(30, TimeUnit.SECONDS);
        }
        try (Admin admin = Admin.create(settings(device))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(PREFIX + "made-by-a-device", 1,
                    (short) 1))).all().get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordAndARevokedDeviceAreRefused() throws Exception {
        Registration device = fleet.get(DEVICES - 1);
        Map<String, Object> wrong = settings(device);
        wrong.putAll(stack.clientSettings("device." + device.device().id(), "not-its-password"));
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        // a device of its own: the other tests use the fleet, in any order
        Registration revoked = registry.register("revoked-001", Optional.empty());
        registry.revoke(revoked.device().id());
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(revoked)) {
            consumer.assign(List.of(new TopicPartition(PREFIX + revoked.device().id(), 0)));
            assertThatThrownBy(() -> consumer.poll(TRY)).isInstanceOf(KafkaException.class)
                    .satisfies(refused -> assertThat(refused).isInstanceOfAny(SaslAuthenticationException.class,
                            TopicAuthorizationException.class));
        }
    }

    private static Map<String, Object> settings(Registration device) {
        Map<String, Object> settings = new HashMap<>();
        device.clientSettings().forEach((key, value) -> {
            if (!key.startsWith("fleet.")) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Registration device) {
        Map<String, Object> settings = settings(device);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer(Registration device) {
        Map<String, Object> settings = settings(device);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
