package dev.fleetinference.benchmark;

import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.devices.registry.DeviceRegistry;
import dev.fleetinference.devices.registry.PipelineAccess;
import dev.fleetinference.devices.registry.RegistryConfig;
import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.devices.signing.SigningKey;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
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
 * (the poison floods' strangers). On a secured stack the registry also grants the run's pipeline its own principal,
 * as an operator does with {@code fleet devices pipeline-principal}.
 */
final class BenchDevices {

    /** The pipeline's principal in every run: each run grants it anew, on its own topics and application id. */
    static final String PIPELINE_PRINCIPAL = "bench-pipeline";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final BenchCluster cluster;
    private final PipelineTopics topics;
    private final String applicationId;
    private final int partitions;
    private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();
    private volatile Map<String, String> pipelineSettings = Map.of();

    /** {@code partitions}: of the dead-letter topic, which the grant makes, as the stream app makes it when open. */
    BenchDevices(BenchCluster cluster, PipelineTopics topics, String applicationId, int partitions) {
        this.cluster = cluster;
        this.topics = topics;
        this.applicationId = applicationId;
        this.partitions = partitions;
    }

    /**
     * Registers the devices in one batch (creating their predictions topics if they are not there yet), then, on a
     * secured stack, grants the pipeline's principal its ACLs on the run's topics. Call after the events topic is made:
     * the grant would make it with the registry's partitions otherwise.
     */
    BenchDevices register(List<String> deviceIds) {
        try (DeviceRegistry registry = new DeviceRegistry(new RegistryConfig(cluster.bootstrapServers(),
                cluster.clientSettings(), topics.devices(), topics.events(), topics.predictions().prefix(),
                PredictionTopicSpec.defaults(), TIMEOUT), Clock.systemUTC())) {
            registry.register(deviceIds, Optional.empty()).forEach(registration -> keys.put(
                    registration.device().id(), registration.device().signingKey().orElseThrow()));
            if (registry.secured()) {
                pipelineSettings = Map.copyOf(registry.grantPipeline(PIPELINE_PRINCIPAL, new PipelineAccess(
                        applicationId, topics.events(), topics.deadLetters(), topics.devices(),
                        CatalogTopic.DEFAULT_NAME, topics.predictions().prefix()), partitions));
            }
        } catch (RuntimeException e) {
            throw new BenchFailedException("cannot register the run's " + deviceIds.size() + " devices in "
                    + topics.devices() + ": " + e.getMessage(), e);
        }
        return this;
    }

    PipelineTopics topics() {
        return topics;
    }

    /** Kafka Streams' application id of the run's pipeline. */
    String applicationId() {
        return applicationId;
    }

    /**
     * The Kafka client settings the pipeline runs with: its own principal's on a secured stack, empty on an open one
     * (and before {@link #register}).
     */
    Map<String, String> pipelineSettings() {
        return pipelineSettings;
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
