package dev.fleetinference.localstack.testing;

import java.util.Map;
import java.util.Optional;
import dev.fleetinference.localstack.kafka.KafkaCluster;

/**
 * A running Kafka cluster, schema registry and model registry for integration tests: the embedded
 * stack by default, real container images (with our model registry in-process against them) with
 * {@code -Dstack=containers}.
 */
public interface TestStack extends AutoCloseable {

    /** Every broker's {@code host:port}, comma-separated. */
    String bootstrapServers();

    String schemaRegistryUrl();

    String modelRegistryUrl();

    /** The bearer token for uploads and stage changes on the model registry. */
    String modelRegistryToken();

    /** The bearer token the model registry's reads need (or the write token); empty when its reads are open. */
    default Optional<String> modelRegistryReadToken() {
        return Optional.empty();
    }

    /** "user:password" of the schema registry's user who may write; empty when anyone may write. */
    default Optional<String> schemaRegistryUserInfo() {
        return Optional.empty();
    }

    /** Takes the schema registry away until {@link #startSchemaRegistry()}: its address no longer answers. */
    void stopSchemaRegistry();

    /** Brings the schema registry back at the same address, with every schema it had. */
    void startSchemaRegistry();

    /** Takes the model registry away until {@link #startModelRegistry()}: its address refuses connections. */
    void stopModelRegistry();

    /** Brings the model registry back at the same address, with its catalog and artifacts. */
    void startModelRegistry();

    /** The Kafka client settings of the cluster's admin, a super user; empty on an open cluster. */
    default Map<String, String> adminClientSettings() {
        return Map.of();
    }

    /** The client settings of the cluster's user {@code user} (its credential made beforehand); empty if open. */
    default Map<String, String> clientSettings(String user, String password) {
        return Map.of();
    }

    /** "embedded" or "containers", for messages. */
    String kind();

    /**
     * The brokers themselves, to stop, kill or restart one and to find who leads a partition: the embedded stack's
     * only, since a container's broker is not a process of this machine's.
     *
     * @throws UnsupportedOperationException on the containers stack
     */
    KafkaCluster kafka();

    @Override
    void close();
}
