package dev.fleetinference.localstack;

import dev.fleetinference.localstack.kafka.KafkaCluster;
import dev.fleetinference.localstack.kafka.KafkaClusterConfig;
import dev.fleetinference.localstack.schemaregistry.SchemaRegistryConfig;
import dev.fleetinference.localstack.schemaregistry.SchemaRegistryServer;
import dev.fleetinference.modelregistry.ModelRegistryConfig;
import dev.fleetinference.modelregistry.ModelRegistryServer;
import java.nio.file.Path;

/**
 * The embedded default: a real Kafka cluster (one broker, or three), a Confluent-compatible schema registry and the
 * model registry on this machine.
 */
public final class LocalStack implements AutoCloseable {

    /** The model registry's write token when none is given; fit for a laptop, not for anything shared. */
    public static final String DEV_REGISTRY_TOKEN = "local-dev-token";

    private final KafkaCluster kafka;
    private final SchemaRegistryServer schemaRegistry;
    private final ModelRegistryServer modelRegistry;
    private final String modelRegistryToken;

    private LocalStack(KafkaCluster kafka, SchemaRegistryServer schemaRegistry, ModelRegistryServer modelRegistry,
                       String modelRegistryToken) {
        this.kafka = kafka;
        this.schemaRegistry = schemaRegistry;
        this.modelRegistry = modelRegistry;
        this.modelRegistryToken = modelRegistryToken;
    }

    /** Starts everything in {@code dataDir}, the model registry on a free port with {@link #DEV_REGISTRY_TOKEN}. */
    public static LocalStack start(Path dataDir, int kafkaPort, int schemaRegistryPort) {
        return start(dataDir, kafkaPort, schemaRegistryPort, 0, DEV_REGISTRY_TOKEN);
    }

    /** Starts a single broker and the registries: {@link #start(Path, int, int, int, int, String)} with one broker. */
    public static LocalStack start(Path dataDir, int kafkaPort, int schemaRegistryPort, int modelRegistryPort,
                                   String modelRegistryToken) {
        return start(dataDir, 1, kafkaPort, schemaRegistryPort, modelRegistryPort, modelRegistryToken);
    }

    /**
     * Starts {@code brokers} Kafka nodes in {@code dataDir/kafka} (client ports from {@code kafkaPort} up, or free
     * ones for 0), then the schema registry against them, then the model registry with its artifacts in
     * {@code dataDir/model-registry}; both registries' topics get the cluster's replication factor.
     */
    public static LocalStack start(Path dataDir, int brokers, int kafkaPort, int schemaRegistryPort,
                                   int modelRegistryPort, String modelRegistryToken) {
        KafkaCluster kafka = KafkaCluster.start(KafkaClusterConfig.inDirectory(dataDir.resolve("kafka"), brokers)
                .withPort(kafkaPort));
        short replicationFactor = kafka.replication().factor();
        SchemaRegistryServer schemaRegistry = null;
        try {
            schemaRegistry = SchemaRegistryServer.start(SchemaRegistryConfig.local(kafka.bootstrapServers())
                    .withPort(schemaRegistryPort).withReplicationFactor(replicationFactor));
            ModelRegistryServer modelRegistry = ModelRegistryServer.start(ModelRegistryConfig.local(
                    kafka.bootstrapServers(), schemaRegistry.url(), dataDir.resolve("model-registry"),
                    modelRegistryToken).withPort(modelRegistryPort).withReplicationFactor(replicationFactor));
            return new LocalStack(kafka, schemaRegistry, modelRegistry, modelRegistryToken);
        } catch (RuntimeException e) {
            try {
                if (schemaRegistry != null) {
                    schemaRegistry.close();
                }
            } finally {
                kafka.close();
            }
            throw e;
        }
    }

    /** Every broker's {@code host:port}, comma-separated. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
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

    /** The Kafka cluster: each of its brokers, to stop, kill or restart one, and who leads a partition. */
    public KafkaCluster kafka() {
        return kafka;
    }

    @Override
    public void close() {
        try {
            modelRegistry.close();
        } finally {
            try {
                schemaRegistry.close();
            } finally {
                kafka.close();
            }
        }
    }
}
