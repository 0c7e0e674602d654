package dev.fleetinference.localstack;

import dev.fleetinference.localstack.kafka.KafkaBroker;
import dev.fleetinference.localstack.kafka.KafkaBrokerConfig;
import dev.fleetinference.localstack.schemaregistry.SchemaRegistryConfig;
import dev.fleetinference.localstack.schemaregistry.SchemaRegistryServer;
import java.nio.file.Path;

/** The embedded default: a real Kafka broker and a Confluent-compatible schema registry on this machine. */
public final class LocalStack implements AutoCloseable {

    private final KafkaBroker broker;
    private final SchemaRegistryServer schemaRegistry;

    private LocalStack(KafkaBroker broker, SchemaRegistryServer schemaRegistry) {
        this.broker = broker;
        this.schemaRegistry = schemaRegistry;
    }

    /** Starts the broker in {@code dataDir}, then the registry against it. */
    public static LocalStack start(Path dataDir, int kafkaPort, int schemaRegistryPort) {
        KafkaBroker broker = KafkaBroker.start(KafkaBrokerConfig.inDirectory(dataDir.resolve("kafka"))
                .withPorts(kafkaPort, 0));
        try {
            SchemaRegistryServer registry = SchemaRegistryServer.start(
                    SchemaRegistryConfig.local(broker.bootstrapServers()).withPort(schemaRegistryPort));
            return new LocalStack(broker, registry);
        } catch (RuntimeException e) {
            broker.stop();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return schemaRegistry.url();
    }

    public KafkaBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        try {
            schemaRegistry.close();
        } finally {
            broker.stop();
        }
    }
}
