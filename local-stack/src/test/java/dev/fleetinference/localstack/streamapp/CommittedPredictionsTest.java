package dev.fleetinference.localstack.streamapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.ModelLineage;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once check against a real broker: what a read_committed device sees of committed, aborted and still
 * open transactions, on every partition of its topic, counted by event id.
 */
@WithStack
class CommittedPredictionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant SCORED = Instant.parse("2024-05-01T12:00:00Z");

    private static TestStack stack;
    private static SchemaRegistryClient registry;

    @BeforeAll
    static void prepare(TestStack testStack) {
        stack = testStack;
        registry = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    @Test
    void eachEventIsCountedOnceForEveryCommittedCopyAndNothingElse() throws Exception {
        String run = "committed-" + UUID.randomUUID();
        String one = run + ".device-1";
        String two = run + ".device-2";
        createTopics(Map.of(one, 1, two, 2));
        UUID once = UUID.randomUUID();
        UUID twice = UUID.randomUUID();
        UUID aborted = UUID.randomUUID();
        UUID open = UUID.randomUUID();

        try (KafkaProducer<String, Prediction> producer = transactional(run + "-a");
             KafkaProducer<String, Prediction> stillOpen = transactional(run + "-b")) {
            commit(producer, new ProducerRecord<>(one, 0, "device-1", prediction(once, "device-1", 0)),
                    new ProducerRecord<>(two, 1, "device-2", prediction(twice, "device-2", 0)));
            commit(producer, new ProducerRecord<>(two, 0, "device-2", prediction(twice, "device-2", 5)));
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(one, 0, "device-1", prediction(aborted, "device-1", 0)));
            producer.abortTransaction();
            stillOpen.beginTransaction();
            stillOpen.send(new ProducerRecord<>(two, 1, "device-2", prediction(open, "device-2", 0)));
            stillOpen.flush();

            // an open transaction hides what follows it; its own records are not read either
            CommittedPredictions read = CommittedPredictions.read(stack.bootstrapServers(),
                    List.of(one, two, run + ".no-such-device"), deserializer(), TIMEOUT);

            Set<UUID> sent = Set.of(once, twice, aborted, open);
            assertThat(read.total()).isEqualTo(3);
            assertThat(read.eventIds()).containsExactlyInAnyOrder(once, twice);
            assertThat(read.missing(sent)).isEqualTo(2);
            assertThat(read.duplicates(sent)).isEqualTo(1);
            assertThat(read.duplicated()).containsOnlyKeys(twice);
            assertThat(read.duplicated().get(twice)).containsExactlyInAnyOrder(two + "-0@0", two + "-1@0");
            assertThat(read.scoredAfter(SCORED.plusSeconds(1), id -> true)).as("the copy scored 5 s later").isOne();
            assertThat(read.scoredAfter(SCORED.plusSeconds(1), twice::equals)).isOne();
            assertThat(read.scoredAfter(SCORED.plusSeconds(1), once::equals)).isZero();
            assertThat(read.all()).filteredOn(p -> p.eventId().equals(once)).singleElement()
                    .satisfies(p -> assertThat(p.position()).isEqualTo(one + "-0@0"))
                    .satisfies(p -> assertThat(p.deviceId()).isEqualTo("device-1"));

            stillOpen.commitTransaction();
        }
        CommittedPredictions afterCommit = new CommittedPredictions(deserializer());
        try (CommittedRecords records = new CommittedRecords(stack.bootstrapServers(), List.of(one, two), TIMEOUT)) {
            records.readFor(Duration.ofSeconds(2), afterCommit);
        }
        assertThat(afterCommit.eventIds()).containsExactlyInAnyOrder(once, twice, open);
    }

    private static Prediction prediction(UUID eventId, String deviceId, int scoredSecondsLater) {
        return Prediction.newBuilder().setEventId(eventId).setDeviceId(deviceId)
                .setModel(new ModelLineage("anomaly", 1, "ab".repeat(32))).setScore(0.5f).setLabel("normal")
                .setEventTime(SCORED.minusSeconds(1)).setScoredTime(SCORED.plusSeconds(scoredSecondsLater)).build();
    }

    @SafeVarargs
    private static void commit(KafkaProducer<String, Prediction> producer,
                               ProducerRecord<String, Prediction>... records) {
        producer.beginTransaction();
        for (ProducerRecord<String, Prediction> record : records) {
            producer.send(record);
        }
        producer.commitTransaction();
    }

    private static KafkaProducer<String, Prediction> transactional(String transactionalId) {
        KafkaProducer<String, Prediction> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
                new StringSerializer(), new AvroSerializer<>(registry, AvroSerdeConfig.forValues()));
        producer.initTransactions();
        return producer;
    }

    private static Deserializer<Prediction> deserializer() {
        return AvroDeserializer.forSpecific(registry, Prediction.class, AvroSerdeConfig.forValues());
    }

    private static void createTopics(Map<String, Integer> partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(partitions.entrySet().stream()
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
    }
}
