package dev.fleetinference.demo;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import dev.fleetinference.schemas.serde.WireFormat;
import dev.fleetinference.simulator.telemetry.FeatureNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Records the pipeline must put in its dead-letter topic rather than score or crash on, one of each kind: bytes that
 * are not Avro, an event under a schema id the registry does not know, a NaN feature, a device id that is no legal
 * topic name, a missing feature. Sent with a plain byte producer, as a buggy or hostile device would.
 */
final class PoisonRecords {

    /** A schema id no registry of the demo hands out: the ids of a fresh registry start at 1. */
    static final int UNKNOWN_SCHEMA_ID = 999_999;
    // a device of the simulated fleet, so a poison event the pipeline scored anyway shows in the report
    // as an "unknown event" on its predictions topic instead of vanishing
    private static final String FLEET_DEVICE = "device-0001";

    /** One bad record: what is wrong with it, its key and its value. */
    record Poison(String description, String key, byte[] value) {
    }

    private PoisonRecords() {
    }

    /** The poison records for {@code topic}; its events carry ids from the schema registry at that URL. */
    static List<Poison> build(String schemaRegistryUrl, String topic) {
        var serializer = new AvroSerializer<FeatureEvent>(
                new SchemaRegistryClient(SchemaRegistryClientConfig.of(schemaRegistryUrl)), AvroSerdeConfig.forValues());
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        // not the magic byte 0, so this is not even the wire format
        garbage[0] = 0x7f;
        byte[] unknownSchema = serializer.serialize(topic, event(FLEET_DEVICE, features()));
        ByteBuffer.wrap(unknownSchema).put(WireFormat.header(UNKNOWN_SCHEMA_ID));
        Map<String, Float> withNaN = features();
        withNaN.put(FeatureNames.TEMPERATURE_C, Float.NaN);
        Map<String, Float> withoutHumidity = features();
        withoutHumidity.remove(FeatureNames.HUMIDITY_PCT);
        List<Poison> poison = new ArrayList<>();
        poison.add(new Poison("random bytes", "poison", garbage));
        poison.add(new Poison("unknown schema id", FLEET_DEVICE, unknownSchema));
        poison.add(new Poison("NaN feature", FLEET_DEVICE, serializer.serialize(topic, event(FLEET_DEVICE, withNaN))));
        poison.add(new Poison("device id 'bad/id'", "bad/id", serializer.serialize(topic, event("bad/id", features()))));
        poison.add(new Poison("missing feature", FLEET_DEVICE,
                serializer.serialize(topic, event(FLEET_DEVICE, withoutHumidity))));
        return List.copyOf(poison);
    }

    /** Sends them to {@code topic} and waits until Kafka has every one. */
    static void send(String bootstrapServers, String topic, List<Poison> poison) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Poison p : poison) {
                sent.add(producer.send(new ProducerRecord<>(topic, p.key().getBytes(StandardCharsets.UTF_8), p.value())));
            }
            for (Future<RecordMetadata> each : sent) {
                each.get(40, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new DemoFailedException("cannot send the poison records to " + topic + " at " + bootstrapServers
                    + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailedException("interrupted while sending the poison records", e);
        }
    }

    private static FeatureEvent event(String deviceId, Map<String, Float> features) {
        return FeatureEvent.newBuilder()
                .setDeviceId(deviceId)
                .setEventId(UUID.randomUUID())
                .setEventTime(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setFeatures(Map.copyOf(features))
                .setAttributes(Map.of("firmware", "poison", "site", "demo"))
                .build();
    }

    /** A healthy machine's readings, in contract order. */
    private static Map<String, Float> features() {
        float[] values = {41.5f, 2.1f, 12.4f, 301.2f, 45.0f, 0.35f, 0.21f, 1.8f};
        Map<String, Float> features = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            features.put(FeatureNames.ORDERED.get(i), values[i]);
        }
        return features;
    }
}
