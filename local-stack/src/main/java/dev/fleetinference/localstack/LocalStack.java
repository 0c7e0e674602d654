package dev.fleetinference.localstack;

import dev.fleetinference.localstack.kafka.KafkaBroker;
import dev.fleetinference.localstack.kafka.KafkaBrokerConfig;
import dev.fleetinference.localstack.schemaregistry.SchemaRegistryConfig;
import dev.fleetinference.localstack.schemaregistry.SchemaRegistryServer;
import dev.fleetinference.modelregistry.ModelRegistryConfig;
import dev.fleetinference.modelregistry.ModelRegistryServer;
import java.nio.file.Path;

/**
 * The embedded default: a real Kafka broker, a Confluent-compatible schema registry and the model
 * registry on this machine.
 */
public final class LocalStack implements AutoCloseable {

    /** The model registry's write token when none is given; fit for a laptop, not for anything shared. */
    public static final String DEV_REGISTRY_TOKEN = "local-dev-token";

    private final KafkaBroker broker;
    private final SchemaRegistryServer schemaRegistry;
    private final ModelRegistryServer modelRegistry;
    private final String modelRegistryToken;

    private LocalStack(KafkaBroker broker, SchemaRegistryServer schemaRegistry, ModelRegistryServer modelRegistry,
                       String modelRegistryToken) {
        this.broker = broker;
        this.schemaRegistry = schemaRegistry;
        this.modelRegistry = modelRegistry;
        this.modelRegistryToken = modelRegistryToken;
    }

    /** Starts everything in {@code dataDir}, the model registry on a free port with {@link #DEV_REGISTRY_TOKEN}. */
    public static LocalStack start(Path dataDir, int kafkaPort, int schemaRegistryPort) {
        return start(dataDir, kafkaPort, schemaRegistryPort, 0, DEV_REGISTRY_TOKEN);
    }

    /**
     * Starts the broker in {@code dataDir/kafka}, then the schema registry against it, then the
     * model registry with its artifacts in {@code dataDir/model-registry}.
     */
    public static LocalStack start(Path dataDir, int kafkaPort, int schemaRegistryPort, int modelRegistryPort,
                                   String modelRegistryToken) {
        KafkaBroker broker = KafkaBroker.start(KafkaBrokerConfig.inDirectory(dataDir.resolve("kafka"))
                .withPorts(kafkaPort, 0));
        SchemaRegistryServer schemaRegistry = null;
        try {
            schemaRegistry = SchemaRegistryServer.start(
                    SchemaRegistryConfig.local(broker.bootstrapServers()).withPort(schemaRegistryPort));
            ModelRegistryServer modelRegistry = ModelRegistryServer.start(ModelRegistryConfig.local(
                    broker.bootstrapServers(), schemaRegistry.url(), dataDir.resolve("model-registry"),
                    modelRegistryToken).withPort(modelRegistryPort));
            return new LocalStack(broker, schemaRegistry, modelRegistry, modelRegistryToken);
        } catch (RuntimeException e) {
            try {
                if (schemaRegistry != null) {
                    schemaRegistry.close();
                }
            } finally {
                broker.stop();
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return schemaRegistry.url();
    }

    public String modelRegistryUrl() {
        return modelRegistry.url();
    }

    /** The bearer token that uploads and stage changes on the model registry must carry. */
    public String modelRegistryToken() {
        return modelRegistryToken;
    }

    public KafkaBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        try {
            modelRegistry.close();
        } finally {
            try {
                schemaRegistry.close();
            } finally {
                broker.stop();
            }
        }
    }
}
