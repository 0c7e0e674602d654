package dev.fleetinference.localstack.modelregistry;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.modelregistry.ModelRegistryConfig;
import dev.fleetinference.modelregistry.ModelRegistryServer;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.artifacts.FileArtifactStore;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * A model registry of a test's own against the stack's Kafka and schema registry, with its own
 * catalog topic and store directory, so the test can look at both and restart it.
 */
final class DedicatedRegistry implements AutoCloseable {

    static final String TOKEN = "test-token";

    private final ModelRegistryConfig config;
    private ModelRegistryServer server;

    private DedicatedRegistry(ModelRegistryConfig config) {
        this.config = config;
        this.server = ModelRegistryServer.start(config);
    }

    /** A registry on a fresh topic and a fresh store directory. */
    static DedicatedRegistry start(TestStack stack, ArtifactLimits limits) {
        try {
            Path store = Files.createTempDirectory("fleet-test-registry-");
            return new DedicatedRegistry(ModelRegistryConfig.local(stack.bootstrapServers(), stack.schemaRegistryUrl(),
                    store, TOKEN).withTopic("_model-registry-test-" + UUID.randomUUID()).withLimits(limits));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops this registry and starts a new one on the same topic and store (one writer per topic at a time). */
    void restart() {
        server.close();
        server = ModelRegistryServer.start(config);
    }

    String url() {
        return server.url();
    }

    ModelRegistryConfig config() {
        return config;
    }

    Path storedArtifact(String digest) {
        return new FileArtifactStore(config.storeDir()).path(new Sha256(digest));
    }

    /** Every file under the store directory, uploads in progress included. */
    List<Path> storeFiles() {
        try (Stream<Path> walk = Files.walk(config.storeDir())) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalog topic's end offset: it moves with every record written. */
    long topicEndOffset() {
        TopicPartition partition = new TopicPartition(config.topic(), 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(30, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offset of " + config.topic(), e);
        }
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(config.storeDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
