package dev.fleetinference.localstack.testing;

/**
 * A running Kafka cluster, schema registry and model registry for integration tests: the embedded
 * stack by default, real container images (with our model registry in-process against them) with
 * {@code -Dstack=containers}.
 */
public interface TestStack extends AutoCloseable {

    String bootstrapServers();

    String schemaRegistryUrl();

    String modelRegistryUrl();

    /** The bearer token for uploads and stage changes on the model registry. */
    String modelRegistryToken();

    /** "embedded" or "containers", for messages. */
    String kind();

    @Override
    void close();
}
