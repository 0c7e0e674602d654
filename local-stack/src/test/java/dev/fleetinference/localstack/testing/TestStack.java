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

    /** Takes the schema registry away until {@link #startSchemaRegistry()}: its address no longer answers. */
    void stopSchemaRegistry();

    /** Brings the schema registry back at the same address, with every schema it had. */
    void startSchemaRegistry();

    /** Takes the model registry away until {@link #startModelRegistry()}: its address refuses connections. */
    void stopModelRegistry();

    /** Brings the model registry back at the same address, with its catalog and artifacts. */
    void startModelRegistry();

    /** "embedded" or "containers", for messages. */
    String kind();

    @Override
    void close();
}
