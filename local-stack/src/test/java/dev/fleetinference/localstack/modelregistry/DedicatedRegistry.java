package dev.fleetinference.localstack.modelregistry;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.modelregistry.ModelRegistryConfig;
import dev.fleetinference.modelregistry.ModelRegistryServer;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.artifacts.FileArtifactStore;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.catalog.CatalogEntry;
import dev.fleetinference.modelregistry.catalog.CatalogReader;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

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

    /** A registry on a fresh topic and a fresh store directory whose reads need {@code readToken} (or the write token). */
    static DedicatedRegistry startWithReadToken(TestStack stack, String readToken) {
        try {
            Path store = Files.createTempDirectory("fleet-test-registry-");
            return new DedicatedRegistry(ModelRegistryConfig.local(stack.bootstrapServers(), stack.schemaRegistryUrl(),
                    store, TOKEN).withTopic("_model-registry-test-" + UUID.randomUUID()).withReadToken(readToken));
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

    /** Appends a record to the catalog topic as another tool might, bypassing the registry and its serializer. */
    void appendRaw(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.topic(), 0, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot append " + key + " to " + config.topic(), e);
        }
    }

    /** Makes the broker refuse records larger than {@code maxBytes} on the catalog topic from now on. */
    void limitRecordSize(int maxBytes) {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, config.topic());
        AlterConfigOp limit = new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                Integer.toString(maxBytes)), AlterConfigOp.OpType.SET);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(limit))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot limit the record size of " + config.topic(), e);
        }
    }

    /** Every record of the catalog topic, in order, as a follower reads them. */
    List<CatalogEntry> records() {
        List<CatalogEntry> records = new ArrayList<>();
        try (CatalogReader reader = new CatalogReader(config.bootstrapServers(), config.topic(),
                new SchemaRegistryClient(SchemaRegistryClientConfig.of(config.schemaRegistryUrl())))) {
            reader.catchUp(Duration.ofSeconds(60), records::add);
        }
        return records;
    }

    @Override
    public void close() {
        server.close();
        // a leftover temporary directory is harmless
        FileUtils.deleteQuietly(config.storeDir().toFile());
    }
}
