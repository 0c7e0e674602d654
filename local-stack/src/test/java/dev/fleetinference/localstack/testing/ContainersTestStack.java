package dev.fleetinference.localstack.testing;

import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.localstack.StackServer;
import dev.fleetinference.localstack.kafka.KafkaCluster;
import dev.fleetinference.modelregistry.ModelRegistryConfig;
import dev.fleetinference.modelregistry.ModelRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and Confluent Schema Registry from their real images, where a Docker engine exists;
 * elsewhere {@link StackExtension} skips the test class with the reason. The model registry is
 * ours in any case, so it runs in this JVM against the containers.
 */
final class ContainersTestStack implements TestStack {

    static final String KAFKA_IMAGE = System.getProperty("stack.kafka.image", "apache/kafka:4.1.0");
    static final String REGISTRY_IMAGE =
            System.getProperty("stack.schema-registry.image", "confluentinc/cp-schema-registry:8.0.0");

    private final Network network;
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;
    private final Path modelStore;
    private final String modelRegistryUrl;
    private final StackServer<ModelRegistryServer> modelRegistry;

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
        try {
            modelStore = Files.createTempDirectory("fleet-test-model-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelRegistryConfig modelConfig = ModelRegistryConfig.local(
                bootstrapServers(), schemaRegistryUrl(), modelStore, LocalStack.DEV_REGISTRY_TOKEN);
        ModelRegistryServer started = ModelRegistryServer.start(modelConfig);
        modelRegistryUrl = started.url();
        ModelRegistryConfig samePort = modelConfig.withPort(URI.create(modelRegistryUrl).getPort());
        modelRegistry = new StackServer<>("model registry", started, () -> ModelRegistryServer.start(samePort));
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
    public String modelRegistryUrl() {
        return modelRegistryUrl;
    }

    @Override
    public String modelRegistryToken() {
        return LocalStack.DEV_REGISTRY_TOKEN;
    }

    // paused rather than stopped: a restarted container would get another host port
    @Override
    public void stopSchemaRegistry() {
        DockerClientFactory.instance().client().pauseContainerCmd(registry.getContainerId()).exec();
    }

    @Override
    public void startSchemaRegistry() {
        DockerClientFactory.instance().client().unpauseContainerCmd(registry.getContainerId()).exec();
    }

    @Override
    public void stopModelRegistry() {
        modelRegistry.stop();
    }

    @Override
    public void startModelRegistry() {
        modelRegistry.start();
    }

    @Override
    public String kind() {
        return "containers";
    }

    @Override
    public KafkaCluster kafka() {
        throw new UnsupportedOperationException("the containers stack's broker is in a container, out of a test's "
                + "reach; a test that stops or kills brokers runs on the embedded stack (-Dstack=embedded)");
    }

    @Override
    public void close() {
        modelRegistry.stop();
        registry.stop();
        kafka.stop();
        network.close();
        // a leftover temporary directory is harmless; the containers are stopped
        FileUtils.deleteQuietly(modelStore.toFile());
    }
}
