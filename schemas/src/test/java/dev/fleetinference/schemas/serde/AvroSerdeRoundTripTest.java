package dev.fleetinference.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.registry.FakeSchemaRegistry;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AvroSerdeRoundTripTest {

    private static final String TOPIC = "device-events";

    private FakeSchemaRegistry registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = FakeSchemaRegistry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private SchemaRegistryClient newClient() {
        return new SchemaRegistryClient(
                SchemaRegistryClientConfig.of(registry.url()).withInitialBackoff(Duration.ofMillis(1)));
    }

    @Test
    void roundTripsAFeatureEventThroughTheRegistry() {
        FeatureEvent event = SampleEvents.withAttributes();
        AvroSerializer<FeatureEvent> serializer = new AvroSerializer<>(newClient(), AvroSerdeConfig.forValues());
        // A second client, so the reader must fetch the writer schema by id over HTTP.
        AvroDeserializer<FeatureEvent> deserializer =
                AvroDeserializer.forSpecific(newClient(), FeatureEvent.class, AvroSerdeConfig.forValues());

        byte[] bytes = serializer.serialize(TOPIC, event);
        FeatureEvent read = deserializer.deserialize(TOPIC, bytes);

        assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(WireFormat.schemaId(TOPIC, bytes)).isEqualTo(1);
        assertThat(read).isEqualTo(event);
        assertThat(read.getEventId()).isEqualTo(UUID.fromString("3f0c9d1e-8a4b-4c2e-9b7a-1d2e3f405162"));
        assertThat(read.getEventTime()).isEqualTo(event.getEventTime());
        assertThat(read.getAttributes()).containsEntry("site", "Zürich Nord");
        assertThat(registry.requests()).extracting(r -> r.method() + " " + r.rawPath())
                .containsExactly("POST /subjects/device-events-value/versions", "GET /schemas/ids/1");
    }

    @Test
    void registersOneSubjectForEveryTopicWhenSubjectsAreNamedByRecord() {
        AvroSerdeConfig byRecord = AvroSerdeConfig.forValues().withNaming(SubjectNaming.RECORD_NAME);
        AvroSerializer<FeatureEvent> serializer = new AvroSerializer<>(newClient(), byRecord);
        AvroDeserializer<FeatureEvent> deserializer =
                AvroDeserializer.forSpecific(newClient(), FeatureEvent.class, byRecord);

        byte[] first = serializer.serialize("predictions.device-0001", SampleEvents.withAttributes());
        byte[] second = serializer.serialize("predictions.device-0002", SampleEvents.withAttributes());

        assertThat(WireFormat.schemaId("predictions.device-0002", second))
                .isEqualTo(WireFormat.schemaId("predictions.device-0001", first));
        assertThat(deserializer.deserialize("predictions.device-0002", second)).isEqualTo(SampleEvents.withAttributes());
        assertThat(registry.requests()).extracting(r -> r.method() + " " + r.rawPath())
                .containsExactly("POST /subjects/dev.fleetinference.schemas.FeatureEvent/versions", "GET /schemas/ids/1");
    }

    @Test
    void roundTripsAFeatureEventWithoutAttributes() {
        AvroSerde<FeatureEvent> serde = AvroSerde.specific(newClient(), FeatureEvent.class, AvroSerdeConfig.forValues());
        FeatureEvent event = SampleEvents.withoutAttributes();

        FeatureEvent read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, event));

        assertThat(read).isEqualTo(event);
        assertThat(read.getAttributes()).isNull();
    }

    @Test
    void writesTheUuidAsItsStringAndTheInstantAsEpochMillis() {
        FeatureEvent event = SampleEvents.withAttributes();
        byte[] bytes = new AvroSerializer<FeatureEvent>(newClient(), AvroSerdeConfig.forValues()).serialize(TOPIC, event);

        GenericRecord generic = AvroDeserializer.forGeneric(newClient(), FeatureEvent.SCHEMA$, AvroSerdeConfig.forValues())
                .deserialize(TOPIC, bytes);

        assertThat(generic.get("eventId").toString()).isEqualTo(event.getEventId().toString());
        assertThat(generic.get("eventTime")).isEqualTo(event.getEventTime().toEpochMilli());
        assertThat(generic.get("deviceId")).isEqualTo("pump-17.site-a");
    }

    @Test
    void writesAGenericRecordThatTheSpecificDeserializerReads() {
        FeatureEvent event = SampleEvents.withoutAttributes();
        GenericRecord generic = new GenericData.Record(FeatureEvent.SCHEMA$);
        generic.put("deviceId", new Utf8(event.getDeviceId()));
        generic.put("eventId", event.getEventId().toString());
        generic.put("eventTime", event.getEventTime().toEpochMilli());
        generic.put("features", Map.copyOf(event.getFeatures()));
        AvroSerde<GenericRecord> genericSerde =
                AvroSerde.generic(newClient(), FeatureEvent.SCHEMA$, AvroSerdeConfig.forValues());

        byte[] bytes = genericSerde.serializer().serialize(TOPIC, generic);
        FeatureEvent read = AvroDeserializer.forSpecific(newClient(), FeatureEvent.class, AvroSerdeConfig.forValues())
                .deserialize(TOPIC, bytes);

        assertThat(read).isEqualTo(event);
    }

    @Test
    void usesTheKeySubjectForKeys() {
        new AvroSerializer<FeatureEvent>(newClient(), AvroSerdeConfig.forKeys())
                .serialize(TOPIC, SampleEvents.withAttributes());

        assertThat(registry.requests().get(0).rawPath()).isEqualTo("/subjects/device-events-key/versions");
    }

    @Test
    void looksTheSchemaUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
        int id = registry.register("device-events-value", FeatureEvent.SCHEMA$);
        AvroSerializer<FeatureEvent> serializer =
                new AvroSerializer<>(newClient(), AvroSerdeConfig.forValues().withAutoRegister(false));

        byte[] first = serializer.serialize(TOPIC, SampleEvents.withAttributes());
        serializer.serialize(TOPIC, SampleEvents.withoutAttributes());

        assertThat(WireFormat.schemaId(TOPIC, first)).isEqualTo(id);
        assertThat(registry.requests()).extracting(r -> r.method() + " " + r.rawPath())
                .containsExactly("POST /subjects/device-events-value");
    }

    @Test
    void failsNamingTopicAndSubjectWhenTheSchemaIsNotRegisteredAndAutoRegisterIsOff() {
        AvroSerializer<FeatureEvent> serializer =
                new AvroSerializer<>(newClient(), AvroSerdeConfig.forValues().withAutoRegister(false));

        assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleEvents.withAttributes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("subject 'device-events-value'")
                .hasMessageContaining("not registered")
                .hasMessageContaining("auto-registration is off");
    }

    @Test
    void failsNamingTopicAndSubjectWhenTheRegistryIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SchemaRegistryClient unreachable = new SchemaRegistryClient(
                SchemaRegistryClientConfig.of("http://127.0.0.1:" + port).withMaxAttempts(2).withInitialBackoff(Duration.ZERO));
        AvroSerializer<FeatureEvent> serializer = new AvroSerializer<>(unreachable, AvroSerdeConfig.forValues());

        assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleEvents.withAttributes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("subject 'device-events-value'")
                .hasMessageContaining("could not register schema dev.fleetinference.schemas.FeatureEvent")
                .hasMessageContaining("no response");
    }

    @Test
    void failsNamingTopicAndSubjectWhenTheRecordDoesNotFitItsSchema() {
        FeatureEvent broken = SampleEvents.withAttributes();
        broken.put("features", null);
        AvroSerializer<FeatureEvent> serializer = new AvroSerializer<>(newClient(), AvroSerdeConfig.forValues());

        assertThatThrownBy(() -> serializer.serialize(TOPIC, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'device-events'")
                .hasMessageContaining("subject 'device-events-value'")
                .hasMessageContaining("could not encode")
                .hasCauseInstanceOf(NullPointerException.class);
    }

    @Test
    void writingWithTheHeadersOfARecordInHeaderModeDropsItsSchemaIdHeaderAndKeepsTheOthers() {
        AvroSerde<FeatureEvent> serde = AvroSerde.specific(newClient(), FeatureEvent.class, AvroSerdeConfig.forValues());
        // as Kafka Streams hands them on from a device's header-mode event to what is made from it
        Headers headers = new RecordHeaders()
                .add(SchemaIdHeader.VALUE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})
                .add(SchemaIdHeader.KEY, new byte[] {0, 0, 0, 0, 7})
                .add("trace-id", new byte[] {7});

        byte[] bytes = serde.serializer().serialize(TOPIC, headers, SampleEvents.withAttributes());

        assertThat(headers.lastHeader(SchemaIdHeader.VALUE)).as("would name another schema").isNull();
        assertThat(headers.lastHeader(SchemaIdHeader.KEY)).as("the key's own").isNotNull();
        assertThat(headers.lastHeader("trace-id")).isNotNull();
        assertThat(serde.deserializer().deserialize(TOPIC, headers, bytes)).isEqualTo(SampleEvents.withAttributes());
    }

    @Test
    void serializesNullAsNullAndBack() {
        AvroSerde<FeatureEvent> serde = AvroSerde.specific(newClient(), FeatureEvent.class, AvroSerdeConfig.forValues());

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void decodesCorrectlyFromManyThreadsAtOnce() throws Exception {
        AvroSerde<FeatureEvent> serde = AvroSerde.specific(newClient(), FeatureEvent.class, AvroSerdeConfig.forValues());
        FeatureEvent[] events = {SampleEvents.withAttributes(), SampleEvents.withoutAttributes()};
        byte[][] encoded = {
            serde.serializer().serialize(TOPIC, events[0]), serde.serializer().serialize(TOPIC, events[1])
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                tasks.add(() -> {
                    int matches = 0;
                    for (int i = 0; i < 2_000; i++) {
                        int which = (i + offset) % 2;
                        if (serde.deserializer().deserialize(TOPIC, encoded[which]).equals(events[which])) {
                            matches++;
                        }
                    }
                    return matches;
                });
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
