package dev.fleetinference.localstack.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetinference.localstack.testing.Confluent8Recordings;
import dev.fleetinference.localstack.testing.Confluent8Recordings.HeaderModeRecord;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.InputSignature;
import dev.fleetinference.schemas.ModelLineage;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.registry.SchemaRegistryException;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerde;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Avro serdes against a real broker and a real registry: round trips, evolution, bad bytes. */
@WithStack
class AvroSerdeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static TestStack stack;
    static SchemaRegistryClient registry;

    @BeforeAll
    static void connect(TestStack testStack) {
        stack = testStack;
        registry = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    @Test
    void everyContractRoundTripsThroughKafkaAndTheRegistry() throws Exception {
        FeatureEvent event = featureEvent("device-1");
        Prediction prediction = Prediction.newBuilder()
                .setEventId(event.getEventId()).setDeviceId("device-1")
                .setModel(new ModelLineage("anomaly", 3, "ab".repeat(32)))
                .setScore(0.93f).setScores(Map.of("score", 0.93f)).setLabel("anomaly")
                .setEventTime(event.getEventTime()).setScoredTime(Instant.ofEpochMilli(1_700_000_000_500L))
                .build();
        ModelVersion model = ModelVersion.newBuilder()
                .setName("anomaly").setVersion(3).setDigest("ab".repeat(32)).setSizeBytes(12_345)
                .setInputSignature(new InputSignature(List.of("temperature_c", "vibration_rms"), "float32", List.of(-1L, 2L)))
                .setOutputNames(List.of("score")).setThreshold(0.5).setStage(ModelStage.PRODUCTION)
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L)).setTrainingMetrics(Map.of("roc_auc", 0.97))
                .build();

        assertThat(roundTrip(event, FeatureEvent.class)).isEqualTo(event);
        assertThat(roundTrip(prediction, Prediction.class)).isEqualTo(prediction);
        assertThat(roundTrip(model, ModelVersion.class)).isEqualTo(model);
    }

    @Test
    void aConsumerOnV2ReadsEventsWrittenWithV1() throws Exception {
        String topic = newTopic();
        FeatureEvent v1Event = featureEvent("device-2");
        send(topic, new AvroSerializer<>(registry, AvroSerdeConfig.forValues()), v1Event);
        Schema v2 = featureEventWith(optionalBatteryField());
        AvroDeserializer<GenericRecord> v2Reader = AvroDeserializer.forGeneric(registry, v2, AvroSerdeConfig.forValues());

        GenericRecord read = receive(topic, v2Reader, 1).get(0);

        assertThat(read.getSchema().getField("batteryLevel")).isNotNull();
        assertThat(read.get("batteryLevel")).isNull();
        assertThat(read.get("deviceId").toString()).isEqualTo("device-2");
        assertThat(read.get("eventId").toString()).isEqualTo(v1Event.getEventId().toString());
    }

    @Test
    void aConsumerOnV1ReadsEventsWrittenWithV2() throws Exception {
        String topic = newTopic();
        Schema v2 = featureEventWith(optionalBatteryField());
        UUID eventId = UUID.randomUUID();
        GenericRecord v2Event = new GenericData.Record(v2);
        v2Event.put("deviceId", "device-3");
        v2Event.put("eventId", eventId.toString());
        v2Event.put("eventTime", 1_700_000_000_000L);
        v2Event.put("features", Map.of("temperature_c", 41.5f));
        v2Event.put("attributes", null);
        v2Event.put("batteryLevel", 0.8f);
        send(topic, new AvroSerializer<>(registry, AvroSerdeConfig.forValues()), featureEvent("device-3"));
        send(topic, new AvroSerializer<GenericRecord>(registry, AvroSerdeConfig.forValues()), v2Event);

        FeatureEvent read = receive(topic,
                AvroDeserializer.forSpecific(registry, FeatureEvent.class, AvroSerdeConfig.forValues()), 2).get(1);

        assertThat(read.getDeviceId()).isEqualTo("device-3");
        assertThat(read.getEventId()).isEqualTo(eventId);
        assertThat(read.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getFeatures()).containsEntry("temperature_c", 41.5f);
        assertThat(registry.latest(topic + "-value").version()).isEqualTo(2);
    }

    @Test
    void anIncompatibleV2IsRejectedWith409And40901() {
        String topic = newTopic();
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.forValues());
        serializer.serialize(topic, featureEvent("device-4"));
        ObjectNode requiredField = JSON.createObjectNode().put("name", "batteryLevel").put("type", "float");
        Schema incompatible = featureEventWith(requiredField);

        assertThatThrownBy(() -> registry.register(topic + "-value", incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(40901);
                });
        assertThat(registry.isCompatible(topic + "-value", incompatible)).isFalse();
    }

    @Test
    void serializingWithAnIncompatibleSchemaFailsNamingTheTopic() {
        String topic = newTopic();
        new AvroSerializer<SpecificRecord>(registry, AvroSerdeConfig.forValues()).serialize(topic, featureEvent("d"));
        Schema incompatible = featureEventWith(JSON.createObjectNode().put("name", "batteryLevel").put("type", "float"));
        GenericRecord record = new GenericData.Record(incompatible);
        record.put("deviceId", "d");
        record.put("eventId", UUID.randomUUID().toString());
        record.put("eventTime", 0L);
        record.put("features", Map.of());
        record.put("batteryLevel", 1f);

        assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(registry, AvroSerdeConfig.forValues())
                .serialize(topic, record))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(topic);
    }

    @Test
    void withAutoRegisterOffAnUnregisteredSchemaIsRefused() {
        String topic = newTopic();
        AvroSerializer<SpecificRecord> serializer =
                new AvroSerializer<>(registry, AvroSerdeConfig.forValues().withAutoRegister(false));

        assertThatThrownBy(() -> serializer.serialize(topic, featureEvent("device-5")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(topic + "-value");
    }

    @Test
    void eachClassOfBadBytesGivesAClearSerializationException() {
        String topic = newTopic();
        byte[] good = new AvroSerializer<SpecificRecord>(registry, AvroSerdeConfig.forValues())
                .serialize(topic, featureEvent("device-6"));
        int id = ByteBuffer.wrap(good, 1, 4).getInt();
        AvroDeserializer<FeatureEvent> deserializer =
                AvroDeserializer.forSpecific(registry, FeatureEvent.class, AvroSerdeConfig.forValues());
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 987_654);
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 7;

        assertThat(deserializer.deserialize(topic, good).getDeviceId()).isEqualTo("device-6");
        assertThatThrownBy(() -> deserializer.deserialize(topic, new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining(topic).hasMessageContaining("empty");
        assertThatThrownBy(() -> deserializer.deserialize(topic, wrongMagic))
                .isInstanceOf(SerializationException.class).hasMessageContaining(topic).hasMessageContaining("magic");
        assertThatThrownBy(() -> deserializer.deserialize(topic, unknownId))
                .isInstanceOf(SerializationException.class).hasMessageContaining(topic).hasMessageContaining("987654");
        assertThatThrownBy(() -> deserializer.deserialize(topic, Arrays.copyOf(good, good.length - 5)))
                .isInstanceOf(SerializationException.class).hasMessageContaining(topic)
                .hasMessageContaining("id " + id);
        assertThatThrownBy(() -> deserializer.deserialize(topic, Arrays.copyOf(good, 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining(topic);
    }

    @Test
    void readsARecordAConfluent8ProducerWroteInHeaderModeNextToOneInTheWireFormat() throws Exception {
        HeaderModeRecord written = Confluent8Recordings.headerModeRecord();
        String topic = newTopic();
        // what Confluent's serializer did before writing: register the writer schema under the topic's subject
        registry.register(topic + "-value", new Schema.Parser().parse(written.writerSchema()));
        sendRaw(topic, written.headers(), written.value());
        FeatureEvent prefixed = featureEvent("device-7");
        send(topic, new AvroSerializer<>(registry, AvroSerdeConfig.forValues()), prefixed);
        // a client of its own, so that the writer schema comes by GUID over HTTP, not from a cache
        SchemaRegistryClient reader = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));

        List<FeatureEvent> read = receive(topic,
                AvroDeserializer.forSpecific(reader, FeatureEvent.class, AvroSerdeConfig.forValues()), 2);

        assertThat(read.get(0).getDeviceId()).isEqualTo(written.deviceId());
        assertThat(read.get(0).getEventId()).isEqualTo(written.eventId());
        assertThat(read.get(0).getFeatures()).hasSize(8).containsEntry("temperature_c", 35.189064f);
        assertThat(read.get(0).getAttributes()).containsEntry("site", "lab");
        assertThat(read.get(1)).isEqualTo(prefixed);
        assertThat(reader.getByGuid(written.guid()).getFullName()).isEqualTo(FeatureEvent.getClassSchema().getFullName());
    }

    @Test
    void aHeaderNamingASchemaTheRegistryDoesNotHaveFailsNamingTheGuidAndTheHeader() {
        HeaderModeRecord written = Confluent8Recordings.headerModeRecord();
        UUID unknown = UUID.randomUUID();
        Headers headers = new RecordHeaders().add(written.headerKey(), ByteBuffer.allocate(17).put((byte) 1)
                .putLong(unknown.getMostSignificantBits()).putLong(unknown.getLeastSignificantBits()).array());
        AvroDeserializer<FeatureEvent> deserializer =
                AvroDeserializer.forSpecific(registry, FeatureEvent.class, AvroSerdeConfig.forValues());

        assertThatThrownBy(() -> deserializer.deserialize(written.topic(), headers, written.value()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'" + written.topic() + "'")
                .hasMessageContaining("schema GUID " + unknown + " (named by header __value_schema_id) not found")
                .hasRootCauseInstanceOf(SchemaRegistryException.class);
    }

    private static <T extends SpecificRecord> T roundTrip(T record, Class<T> type) throws Exception {
        String topic = newTopic();
        AvroSerde<T> serde = AvroSerde.specific(registry, type, AvroSerdeConfig.forValues());
        send(topic, serde.serializer(), record);
        return receive(topic, serde.deserializer(), 1).get(0);
    }

    private static <T> void send(String topic, Serializer<T> serializer, T value) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        }
    }

    private static void sendRaw(String topic, Headers headers, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, "key", value, headers)).get();
        }
    }

    private static <T> List<T> receive(String topic, Deserializer<T> deserializer, int count) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "serde-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            List<T> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).as("records read back from %s", topic).hasSize(count);
            return values;
        }
    }

    private static String newTopic() {
        String topic = "serde-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
        return topic;
    }

    private static FeatureEvent featureEvent(String deviceId) {
        return FeatureEvent.newBuilder()
                .setDeviceId(deviceId).setEventId(UUID.randomUUID())
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setFeatures(Map.of("temperature_c", 41.5f, "vibration_rms", 0.7f))
                .setAttributes(Map.of("firmware", "2.1.0"))
                .build();
    }

    private static ObjectNode optionalBatteryField() {
        ObjectNode field = JSON.createObjectNode().put("name", "batteryLevel");
        field.putArray("type").add("null").add("float");
        field.putNull("default");
        return field;
    }

    /** FeatureEvent's schema with one more field: a later version of the contract. */
    private static Schema featureEventWith(ObjectNode extraField) {
        try {
            ObjectNode schema = (ObjectNode) JSON.readTree(FeatureEvent.getClassSchema().toString());
            ((ArrayNode) schema.get("fields")).add(extraField);
            return new Schema.Parser().parse(schema.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
