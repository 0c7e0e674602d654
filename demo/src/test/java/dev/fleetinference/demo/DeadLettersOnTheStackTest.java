package dev.fleetinference.demo;

import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.devices.signing.SigningKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.WireFormat;
import dev.fleetinference.simulator.telemetry.FeatureNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The poison records the demo mixes in, and how it counts the dead letters, on a real broker and registry. */
@WithStack
@Timeout(60)
class DeadLettersOnTheStackTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static TestStack stack;

    @BeforeAll
    static void connect(TestStack testStack) {
        stack = testStack;
    }

    @Test
    void deadLettersAreCountedByReasonAndThoseOfAnAbortedTransactionDoNot() throws Exception {
        String topic = createTopic("dlq-", 3);
        try (var producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String reason : List.of("undecodable", "undecodable", "non-finite-feature", "illegal-device-id")) {
                producer.send(deadLetter(topic, reason));
            }
            producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("no reason given")));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(deadLetter(topic, "undecodable"));
            producer.send(deadLetter(topic, "scoring-failed"));
            producer.flush();
            producer.abortTransaction();
        }

        DeadLetterCount count = DeadLetterCount.read(stack.bootstrapServers(), topic, TIMEOUT);

        assertThat(count.total()).isEqualTo(5);
        assertThat(count.byReason()).containsExactly(Map.entry(DeadLetterCount.NO_REASON, 1L),
                Map.entry("illegal-device-id", 1L), Map.entry("non-finite-feature", 1L), Map.entry("undecodable", 2L));
    }

    @Test
    void aTopicThatDoesNotExistHoldsNoDeadLetters() {
        DeadLetterCount count = DeadLetterCount.read(stack.bootstrapServers(), "no-such-dlq-" + UUID.randomUUID(),
                Duration.ofSeconds(5));

        assertThat(count).isEqualTo(DeadLetterCount.none());
    }

    @Test
    void thePoisonRecordsAreWhatTheyClaimToBe() throws Exception {
        String topic = createTopic("poison-", 1);
        SigningKey fleetDevice = SigningKey.random();
        List<PoisonRecords.Poison> poison = PoisonRecords.build(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()), topic,
                fleetDevice);

        PoisonRecords.send(stack.bootstrapServers(), topic, poison);

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, poison.size());
        assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("poison", "device-0001", "device-0001", "bad/id", "device-0001", "intruder-1",
                        "device-0002");
        assertThat(records).extracting(r -> r.headers().lastHeader(EventSignature.HEADER) != null
                        && EventSignature.verify(fleetDevice, r.value(), r.headers().lastHeader(EventSignature.HEADER)
                        .value()))
                .as("signed by the fleet device: the NaN, the missing feature and device-0002's impersonated event")
                .containsExactly(false, false, true, false, true, false, true);
        assertThat(records.get(5).headers().lastHeader(EventSignature.HEADER)).as("the intruder signs too").isNotNull();
        var events = AvroDeserializer.forSpecific(new SchemaRegistryClient(
                SchemaRegistryClientConfig.of(stack.schemaRegistryUrl())), FeatureEvent.class, AvroSerdeConfig.forValues());

        assertThatThrownBy(() -> events.deserialize(topic, records.get(0).value()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        assertThat(WireFormat.schemaId(topic, records.get(1).value())).isEqualTo(PoisonRecords.UNKNOWN_SCHEMA_ID);
        assertThatThrownBy(() -> events.deserialize(topic, records.get(1).value()))
                .isInstanceOf(SerializationException.class);
        FeatureEvent nan = events.deserialize(topic, records.get(2).value());
        assertThat(nan.getFeatures().get(FeatureNames.TEMPERATURE_C)).isNaN();
        assertThat(nan.getFeatures()).containsOnlyKeys(FeatureNames.ORDERED);
        FeatureEvent badId = events.deserialize(topic, records.get(3).value());
        assertThat(badId.getDeviceId()).isEqualTo("bad/id");
        assertThat(badId.getFeatures().values()).allMatch(Float::isFinite);
        FeatureEvent missing = events.deserialize(topic, records.get(4).value());
        assertThat(missing.getFeatures()).doesNotContainKey(FeatureNames.HUMIDITY_PCT).hasSize(7);
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(String topic, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterCount.REASON_HEADER, bytes(reason));
        return new ProducerRecord<>(topic, null, bytes("device-0001"), bytes("dead " + reason), headers);
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dlq-test-" + UUID.randomUUID()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static String createTopic(String prefix, int partitions) throws Exception {
        String topic = prefix + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
