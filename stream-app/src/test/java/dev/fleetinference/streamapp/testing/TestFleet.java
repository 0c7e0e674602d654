package dev.fleetinference.streamapp.testing;

import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.devices.registry.DeviceRegistry;
import dev.fleetinference.devices.registry.RegistryConfig;
import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.devices.signing.SigningKey;
import dev.fleetinference.devices.signing.SigningSerializer;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A test's devices, registered in the device registry of its pipeline's topics (the real registry, on the test
 * stack): registered in one batch where the test knows them, or on a device's first event otherwise. Its serializers
 * sign each event with its device's key, as a device does.
 */
public final class TestFleet implements AutoCloseable {

    private final DeviceRegistry registry;
    private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();

    private TestFleet(DeviceRegistry registry) {
        this.registry = registry;
    }

    /** The fleet of the pipeline whose topics are {@code topics}. */
    public static TestFleet of(TestStack stack, PipelineTopics topics) {
        return new TestFleet(new DeviceRegistry(new RegistryConfig(stack.bootstrapServers(),
                stack.adminClientSettings(), topics.devices(), topics.events(), topics.predictions().prefix(),
                PredictionTopicSpec.defaults(), Duration.ofSeconds(30)), Clock.systemUTC()));
    }

    /** The fleet of the pipeline whose topics are {@code topics} on the cluster at {@code bootstrapServers}. */
    public static TestFleet of(String bootstrapServers, PipelineTopics topics) {
        return new TestFleet(new DeviceRegistry(new RegistryConfig(bootstrapServers, Map.of(),
                topics.devices(), topics.events(), topics.predictions().prefix(), PredictionTopicSpec.defaults(),
                Duration.ofSeconds(30)), Clock.systemUTC()));
    }

    /** Registers the devices in one batch (those registered already keep their keys). */
    public TestFleet register(Collection<String> deviceIds) {
        List<String> fresh = deviceIds.stream().filter(id -> !keys.containsKey(id)).distinct().toList();
        if (!fresh.isEmpty()) {
            registry.register(fresh, Optional.empty()).forEach(registration -> keys.put(registration.device().id(),
                    registration.device().signingKey().orElseThrow()));
        }
        return this;
    }

    /** The device's key, registering the device if it is new. */
    public SigningKey keyOf(String deviceId) {
        return keys.computeIfAbsent(deviceId, id -> registry.register(id, Optional.empty()).device().signingKey()
                .orElseThrow());
    }

    /** The signature {@code deviceId}'s key makes of {@code value}. */
    public byte[] sign(String deviceId, byte[] value) {
        return EventSignature.sign(keyOf(deviceId), value);
    }

    /** Revokes a device: its events are refused from then on. */
    public void revoke(String deviceId) {
        registry.revoke(deviceId);
        keys.remove(deviceId);
    }

    /** Writes events as their devices do: Avro in the Confluent wire format, signed with the event's device's key. */
    public <T extends IndexedRecord> Serializer<T> events(SchemaRegistryClient schemas) {
        return new SigningSerializer<>(new AvroSerializer<T>(schemas, AvroSerdeConfig.forValues()),
                TestFleet::deviceOf, id -> id.isEmpty() ? Optional.empty() : Optional.of(keyOf(id)));
    }

    // specific FeatureEvents, or generic records of a later schema version, all with a deviceId field
    private static String deviceOf(IndexedRecord event) {
        if (event instanceof FeatureEvent featureEvent) {
            return featureEvent.getDeviceId();
        }
        Object id = event.get(event.getSchema().getField("deviceId").pos());
        return id == null ? "" : id.toString();
    }

    @Override
    public void close() {
        registry.close();
    }
}
