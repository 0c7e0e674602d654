package dev.fleetinference.localstack.testing;

/**
 * A running Kafka cluster and schema registry for integration tests: the embedded stack by
 * default, real container images with {@code -Dstack=containers}.
 */
public interface TestStack extends AutoCloseable {

    String bootstrapServers();

    String schemaRegistryUrl();

    /** "embedded" or "containers", for messages. */
    String kind();

    @Override
    void close();
}
