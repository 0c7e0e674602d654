package dev.fleetinference.demo;

import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.devices.signing.SigningKey;
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
 * topic name, a missing feature, an event of a device no one registered, and one device speaking for another. Sent
 * with a plain byte producer, as a buggy or hostile device would; those that must reach the checks after the
 * device's are signed with the fleet device's key.
 */
final class PoisonRecords {

    /** A schema id no registry of the demo hands out: the ids of a fresh registry start at 1. */
    static final int UNKNOWN_SCHEMA_ID = 999_999;
    // a device of the simulated fleet, so a poison event the pipeline scored anyway shows in the report
    // as an "unknown event" on its predictions topic instead of vanishing
    static final String FLEET_DEVICE = "device-0001";

    /** A device no one registered. */
    static final String INTRUDER = "intruder-1";
    // the device whose events device-0001 signs as if they were its own
    private static final String IMPERSONATED = "device-0002";

    /** One bad record: what is wrong with it, its key, its value, and its signature (null: none). */
    record Poison(String description, String key, byte[] value, byte[] signature) {
    }

    private PoisonRecords() {
    }

    /**
     * The poison records for {@code topic}; its events carry ids from the schema registry {@code schemaRegistry}
     * describes, and the fleet device's are signed with {@code fleetDeviceKey}.
     */
    static List<Poison> build(SchemaRegistryClientConfig schemaRegistry, String topic, SigningKey fleetDeviceKey) {
        var serializer = new AvroSerializer<FeatureEvent>(new SchemaRegistryClient(schemaRegistry),
                AvroSerdeConfig.forValues());
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
        byte[] nan = serializer.serialize(topic, event(FLEET_DEVICE, withNaN));
        byte[] missing = serializer.serialize(topic, event(FLEET_DEVICE, withoutHumidity));
        byte[] intruder = serializer.serialize(topic, event(INTRUDER, features()));
        byte[] impersonation = serializer.serialize(topic, event(IMPERSONATED, features()));
        List<Poison> poison = new ArrayList<>();
        poison.add(new Poison("random bytes", "poison", garbage, null));
        poison.add(new Poison("unknown schema id", FLEET_DEVICE, unknownSchema, null));
        poison.add(new Poison("NaN feature", FLEET_DEVICE, nan, EventSignature.sign(fleetDeviceKey, nan)));
        poison.add(new Poison("device id 'bad/id'", "bad/id", serializer.serialize(topic, event("bad/id", features())),
                null));
        poison.add(new Poison("missing feature", FLEET_DEVICE, missing, EventSignature.sign(fleetDeviceKey, missing)));
        poison.add(new Poison("unregistered device '" + INTRUDER + "'", INTRUDER, intruder,
                EventSignature.sign(SigningKey.random(), intruder)));
        poison.add(new Poison(FLEET_DEVICE + " speaking for " + IMPERSONATED, IMPERSONATED, impersonation,
                EventSignature.sign(fleetDeviceKey, impersonation)));
        return List.copyOf(poison);
    }

    /** Sends them to {@code topic} and waits until Kafka has every one. */
    static void send(String bootstrapServers, String topic, List<Poison> poison) {
        send(bootstrapServers, Map.of(), topic, poison);
    }

    /** {@link #send(String, String, List)} with further client settings (security). */
    static void send(String bootstrapServers, Map<String, String> clientSettings, String topic, List<Poison> poison) {
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Poison p : poison) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                        p.key().getBytes(StandardCharsets.UTF_8), p.value());
                if (p.signature() != null) {
                    record.headers().add(EventSignature.HEADER, p.signature());
                }
                sent.add(producer.send(record));
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
