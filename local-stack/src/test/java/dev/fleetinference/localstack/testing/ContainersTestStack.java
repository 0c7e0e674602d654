package dev.fleetinference.localstack.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and Confluent Schema Registry from their real images, where a Docker engine exists;
 * elsewhere {@link StackExtension} skips the test class with the reason.
 */
final class ContainersTestStack implements TestStack {

    static final String KAFKA_IMAGE = System.getProperty("stack.kafka.image", "apache/kafka:4.1.0");
    static final String REGISTRY_IMAGE =
            System.getProperty("stack.schema-registry.image", "confluentinc/cp-schema-registry:8.0.0");

    private final Network network;
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    @SuppressWarnings("resource")
    ContainersTestStack() {
        network = Network.newNetwork();
        kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withNetwork(network)
                .withListener("kafka:19092");
        kafka.start();
        registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
        registry.start();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }

    @Override
    public String kind() {
        return "containers";
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        network.close();
    }
}
