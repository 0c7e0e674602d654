package dev.fleetinference.benchmark;

import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.devices.registry.DeviceRegistry;
import dev.fleetinference.devices.registry.RegistryConfig;
import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.devices.signing.SigningKey;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A run's devices in its pipeline's device registry, and their records signed as each device signs its own: the
 * pipeline scores only registered devices' signed events. A record of a device not registered here goes unsigned
 * (the poison floods' strangers).
 */
final class BenchDevices {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final BenchCluster cluster;
    private final PipelineTopics topics;
    private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();

    BenchDevices(BenchCluster cluster, PipelineTopics topics) {
        this.cluster = cluster;
        this.topics = topics;
    }

    /** Registers the devices in one batch (creating their predictions topics if they are not there yet). */
    BenchDevices register(List<String> deviceIds) {
        try (DeviceRegistry registry = new DeviceRegistry(new RegistryConfig(cluster.bootstrapServers(), Map.of(),
                topics.devices(), topics.events(), topics.predictions().prefix(), PredictionTopicSpec.defaults(),
                TIMEOUT), Clock.systemUTC())) {
            registry.register(deviceIds, Optional.empty()).forEach(registration -> keys.put(
                    registration.device().id(), registration.device().signingKey().orElseThrow()));
        } catch (RuntimeException e) {
            throw new BenchFailedException("cannot register the run's " + deviceIds.size() + " devices in "
                    + topics.devices() + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The record a device sends: keyed by its id, signed with its key if it is registered here. */
    ProducerRecord<String, byte[]> record(String topic, String deviceId, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, deviceId, value);
        SigningKey key = deviceId == null ? null : keys.get(deviceId);
        if (key != null) {
            record.headers().add(EventSignature.HEADER, EventSignature.sign(key, value));
        }
        return record;
    }
}
