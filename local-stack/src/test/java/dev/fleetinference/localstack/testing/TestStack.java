package dev.fleetinference.localstack.testing;

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
