package dev.fleetinference.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.registry.FakeSchemaRegistry;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Corrupt bodies behind a valid header must fail as SerializationException, never as anything else. */
@Timeout(120)
class AvroDeserializerFuzzTest {

    private static final String TOPIC = "device-events";
    private static final int SCHEMA_ID = 1;
    private static final int RUNS = 20_000;

    private static FakeSchemaRegistry registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = FakeSchemaRegistry.start().withSchema(SCHEMA_ID, FeatureEvent.SCHEMA$);
        client = new SchemaRegistryClient(SchemaRegistryClientConfig.of(registry.url()));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void randomBodiesEitherDecodeOrFailAsSerializationException() {
        Random random = new Random(20251124L);
        Outcomes outcomes = new Outcomes();
        AvroDeserializer<FeatureEvent> specific =
                AvroDeserializer.forSpecific(client, FeatureEvent.class, AvroSerdeConfig.forValues());
        AvroDeserializer<GenericRecord> generic =
                AvroDeserializer.forGeneric(client, FeatureEvent.SCHEMA$, AvroSerdeConfig.forValues());

        for (int run = 0; run < RUNS; run++) {
            byte[] body = new byte[random.nextInt(96)];
            random.nextBytes(body);
            byte[] payload = withHeader(body);
            outcomes.record(specific, payload);
            outcomes.record(generic, payload);
        }

        assertThat(outcomes.failures).isPositive();
    }

    @Test
    void mutatedValidBodiesEitherDecodeOrFailAsSerializationException() {
        Random random = new Random(42L);
        Outcomes outcomes = new Outcomes();
        AvroDeserializer<FeatureEvent> specific =
                AvroDeserializer.forSpecific(client, FeatureEvent.class, AvroSerdeConfig.forValues());
        byte[] valid = new AvroSerializer<FeatureEvent>(client, AvroSerdeConfig.forValues())
                .serialize(TOPIC, SampleEvents.withAttributes());
        byte[] validBody = Arrays.copyOfRange(valid, WireFormat.HEADER_LENGTH, valid.length);

        for (int run = 0; run < RUNS; run++) {
            byte[] body = validBody.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            // Sometimes cut the body short, sometimes leave junk after it.
            int length = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(body.length + 1);
                case 1 -> body.length + random.nextInt(8);
                default -> body.length;
            };
            byte[] mutated = Arrays.copyOf(body, length);
            outcomes.record(specific, withHeader(mutated));
        }

        // Flipping a byte inside a float or a string's contents still decodes, so both outcomes must occur.
        assertThat(outcomes.successes).isPositive();
        assertThat(outcomes.failures).isPositive();
    }

    private static byte[] withHeader(byte[] body) {
        byte[] payload = Arrays.copyOf(WireFormat.header(SCHEMA_ID), WireFormat.HEADER_LENGTH + body.length);
        System.arraycopy(body, 0, payload, WireFormat.HEADER_LENGTH, body.length);
        return payload;
    }

    private static final class Outcomes {
        int successes;
        int failures;

        void record(Deserializer<?> deserializer, byte[] payload) {
            try {
                deserializer.deserialize(TOPIC, payload);
                successes++;
            } catch (SerializationException e) {
                assertThat(e.getMessage()).contains("topic '" + TOPIC + "'");
                failures++;
            } catch (Throwable t) {
                fail("payload " + Arrays.toString(payload) + " escaped as " + t, t);
            }
        }
    }
}
