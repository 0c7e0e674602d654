package dev.fleetinference.localstack.testing;

import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.localstack.SchemaRegistryCredentials;
import dev.fleetinference.localstack.kafka.Security;
import java.util.Map;
import java.util.Optional;
import dev.fleetinference.localstack.kafka.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;

/** The embedded default (child-JVM Kafka brokers, our schema registry and the model registry) on free ports. */
final class EmbeddedTestStack implements TestStack {

    private final Path dataDir;
    private final LocalStack stack;

    EmbeddedTestStack(int brokers, Security security) {
        try {
            this.dataDir = Files.createTempDirectory("fleet-test-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            this.stack = LocalStack.start(dataDir, brokers, 0, 0, 0, LocalStack.DEV_REGISTRY_TOKEN, security);
        } catch (RuntimeException e) {
            deleteDataDir();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return stack.schemaRegistryUrl();
    }

    @Override
    public String modelRegistryUrl() {
        return stack.modelRegistryUrl();
    }

    @Override
    public String modelRegistryToken() {
        return stack.modelRegistryToken();
    }

    @Override
    public Optional<String> modelRegistryReadToken() {
        return stack.modelRegistryReadToken();
    }

    @Override
    public Optional<String> schemaRegistryUserInfo() {
        return stack.schemaRegistryCredentials().map(SchemaRegistryCredentials::userInfo);
    }

    @Override
    public void stopSchemaRegistry() {
        stack.stopSchemaRegistry();
    }

    @Override
    public void startSchemaRegistry() {
        stack.startSchemaRegistry();
    }

    @Override
    public void stopModelRegistry() {
        stack.stopModelRegistry();
    }

    @Override
    public void startModelRegistry() {
        stack.startModelRegistry();
    }

    @Override
    public Map<String, String> adminClientSettings() {
        return stack.adminClientSettings();
    }

    @Override
    public Map<String, String> clientSettings(String user, String password) {
        return stack.kafka().clientSettings(user, password);
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public KafkaCluster kafka() {
        return stack.kafka();
    }

    @Override
    public void close() {
        stack.close();
        deleteDataDir();
    }

    private void deleteDataDir() {
        // a leftover temporary directory is harmless; the broker itself is stopped
        FileUtils.deleteQuietly(dataDir.toFile());
    }
}
