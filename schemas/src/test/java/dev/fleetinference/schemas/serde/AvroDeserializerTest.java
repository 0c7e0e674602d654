package dev.fleetinference.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.registry.FakeSchemaRegistry;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AvroDeserializerTest {

    private static final String TOPIC = "device-events";

    private FakeSchemaRegistry registry;
    private SchemaRegistryClient client;
    private AvroDeserializer<FeatureEvent> deserializer;
    private int featureEventId;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = FakeSchemaRegistry.start();
        featureEventId = registry.register("device-events-value", FeatureEvent.SCHEMA$);
        client = new SchemaRegistryClient(
                SchemaRegistryClientConfig.of(registry.url()).withInitialBackoff(Duration.ofMillis(1)));
        deserializer = AvroDeserializer.forSpecific(client, FeatureEvent.class, AvroSerdeConfig.forValues());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private byte[] validPayload() {
        return new AvroSerializer<FeatureEvent>(client, AvroSerdeConfig.forValues())
                .serialize(TOPIC, SampleEvents.withAttributes());
    }

    @Test
    void returnsNullForATombstone() {
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void rejectsAnEmptyPayloadNamingTopic() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("payload is empty");
    }

    @Test
    void rejectsAPayloadShorterThanTheHeaderNamingTopic() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("4 bytes, fewer than the 5-byte header");
    }

    @Test
    void rejectsWrongMagicByteNamingTopic() {
        byte[] payload = validPayload();
        payload[0] = 0x01;

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, payload))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("magic byte 0x01, expected 0x00");
    }

    @Test
    void reportsAnUnknownSchemaIdAsNotFoundInTheRegistry() {
        byte[] payload = validPayload();
        System.arraycopy(WireFormat.header(99), 0, payload, 0, WireFormat.HEADER_LENGTH);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, payload))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("schema id 99 not found in the registry");
    }

    @Test
    void reportsAnUnreachableRegistryWithTheSchemaId() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SchemaRegistryClient unreachable = new SchemaRegistryClient(
                SchemaRegistryClientConfig.of("http://127.0.0.1:" + port).withMaxAttempts(2).withInitialBackoff(Duration.ZERO));
        AvroDeserializer<FeatureEvent> cut =
                AvroDeserializer.forSpecific(unreachable, FeatureEvent.class, AvroSerdeConfig.forValues());

        assertThatThrownBy(() -> cut.deserialize(TOPIC, validPayload()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("registry unreachable while fetching schema id " + featureEventId);
    }

    @Test
    void reportsTruncatedAvroWithTheWriterSchemaId() {
        byte[] payload = validPayload();
        byte[] truncated = Arrays.copyOf(payload, payload.length - 3);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("could not decode Avro")
                .hasMessageContaining("with writer schema id " + featureEventId);
    }

    @Test
    void reportsAHeaderWithoutBodyAsUndecodable() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, WireFormat.header(featureEventId)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("could not decode Avro body of 0 bytes");
    }

    @Test
    void reportsTrailingBytesAfterTheRecord() {
        byte[] payload = validPayload();
        byte[] padded = Arrays.copyOf(payload, payload.length + 2);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("2 trailing bytes")
                .hasMessageContaining("writer schema id " + featureEventId);
    }

    @Test
    void rejectsAStringLengthBeyondThePayloadWithoutAllocatingIt() throws IOException {
        byte[] payload = body(encoder -> encoder.writeLong(Integer.MAX_VALUE - 9L));

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, payload))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("could not decode Avro")
                .hasMessageContaining("string length 2147483638 does not fit the 0 remaining bytes");
    }

    @Test
    void rejectsAMapCountBeyondThePayload() throws IOException {
        FeatureEvent event = SampleEvents.withAttributes();
        byte[] payload = body(encoder -> {
            encoder.writeString(event.getDeviceId());
            encoder.writeString(event.getEventId().toString());
            encoder.writeLong(event.getEventTime().toEpochMilli());
            encoder.writeMapStart();
            encoder.setItemCount(1_000_000_000L);
            encoder.startItem();
            encoder.writeString("temperature");
            encoder.writeFloat(1f);
        });

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, payload))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("map block of 1000000000 items does not fit");
    }

    @Test
    void readsAnOlderWriterSchemaIntoTheCurrentClass() {
        Schema older = SchemaBuilder.record("FeatureEvent").namespace("dev.fleetinference.schemas").fields()
                .requiredString("deviceId")
                .name("eventId").type(FeatureEvent.SCHEMA$.getField("eventId").schema()).noDefault()
                .name("eventTime").type(FeatureEvent.SCHEMA$.getField("eventTime").schema()).noDefault()
                .name("features").type().map().values().floatType().noDefault()
                .endRecord();
        FeatureEvent expected = SampleEvents.withoutAttributes();
        GenericRecord old = new GenericData.Record(older);
        old.put("deviceId", expected.getDeviceId());
        old.put("eventId", expected.getEventId().toString());
        old.put("eventTime", expected.getEventTime().toEpochMilli());
        old.put("features", expected.getFeatures());
        byte[] payload = new AvroSerializer<GenericRecord>(client, AvroSerdeConfig.forValues()).serialize("legacy", old);

        FeatureEvent read = deserializer.deserialize("legacy", payload);

        assertThat(WireFormat.schemaId("legacy", payload)).isNotEqualTo(featureEventId);
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void reportsAWriterSchemaThatCannotBeResolvedToTheReaderSchema() {
        Schema unrelated = SchemaBuilder.record("FeatureEvent").namespace("dev.fleetinference.schemas").fields()
                .requiredString("deviceId")
                .requiredInt("reading")
                .endRecord();
        GenericRecord record = new GenericData.Record(unrelated);
        record.put("deviceId", "pump-17");
        record.put("reading", 3);
        byte[] payload = new AvroSerializer<GenericRecord>(client, AvroSerdeConfig.forValues()).serialize("other", record);
        int writerId = WireFormat.schemaId("other", payload);

        assertThatThrownBy(() -> deserializer.deserialize("other", payload))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'other'")
                .hasMessageContaining("writer schema id " + writerId)
                .hasMessageContaining("cannot be resolved to reader schema dev.fleetinference.schemas.FeatureEvent")
                .hasMessageContaining("eventId");
    }

    @Test
    void namesKeysAsKeysInMessages() {
        AvroDeserializer<FeatureEvent> keys =
                AvroDeserializer.forSpecific(client, FeatureEvent.class, AvroSerdeConfig.forKeys());
        byte[] truncated = Arrays.copyOf(validPayload(), 8);

        assertThatThrownBy(() -> keys.deserialize(TOPIC, truncated))
                .hasMessageStartingWith("Cannot deserialize Avro key from topic 'device-events'");
    }

    private interface BodyWriter {
        void write(BinaryEncoder encoder) throws IOException;
    }

    private byte[] body(BodyWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WireFormat.header(featureEventId));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
