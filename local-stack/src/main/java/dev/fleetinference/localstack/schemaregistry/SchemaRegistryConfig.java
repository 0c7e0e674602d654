package dev.fleetinference.localstack.schemaregistry;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.internals.Topic;

/**
 * How to run the schema registry.
 *
 * @param bootstrapServers     Kafka cluster that holds the schema topic
 * @param host                 address to listen on (127.0.0.1 keeps it local)
 * @param port                 HTTP port; 0 picks a free one
 * @param topic                the compacted single-partition topic of schemas, {@code _schemas} by default
 * @param replicationFactor    replication factor of that topic when the registry creates it
 * @param defaultCompatibility global compatibility level until one is set with PUT /config
 * @param clientSettings       further settings of its Kafka clients (security, say)
 * @param users                user name to password of those who may write (register schemas, set compatibility)
 *                             with HTTP basic auth; empty: anyone may write. Reads are anonymous either way
 */
public record SchemaRegistryConfig(
        String bootstrapServers, String host, int port, String topic, short replicationFactor,
        String defaultCompatibility, Map<String, String> clientSettings, Map<String, String> users) {

    public SchemaRegistryConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must name at least one Kafka broker");
        }
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
        }
        if (topic == null || !Topic.isValid(topic)) {
            throw new IllegalArgumentException("topic must be a legal Kafka topic name, got '" + topic + "'");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
        }
        CompatibilityLevel.parse(defaultCompatibility);
        clientSettings = Map.copyOf(clientSettings);
        users = Map.copyOf(users);
        // the passwords are secrets, so no message echoes them
        users.forEach((user, password) -> {
            if (user.isEmpty() || user.contains(":")) {
                throw new IllegalArgumentException("users must have non-empty names without ':', got '" + user + "'");
            }
            if (password.isEmpty()) {
                throw new IllegalArgumentException("users must have non-empty passwords; '" + user + "' has none");
            }
        });
    }

    /** Local defaults: 127.0.0.1, a free port, {@code _schemas}, replication 1, BACKWARD. */
    public static SchemaRegistryConfig local(String bootstrapServers) {
        return new SchemaRegistryConfig(bootstrapServers, "127.0.0.1", 0, "_schemas", (short) 1, "BACKWARD",
                Map.of(), Map.of());
    }

    public SchemaRegistryConfig withPort(int port) {
        return new SchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor, defaultCompatibility,
                clientSettings, users);
    }

    public SchemaRegistryConfig withTopic(String topic) {
        return new SchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor, defaultCompatibility,
                clientSettings, users);
    }

    public SchemaRegistryConfig withClientSettings(Map<String, String> clientSettings) {
        return new SchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor, defaultCompatibility,
                clientSettings, users);
    }

    /** This config with only {@code users} (name to password) allowed to write. */
    public SchemaRegistryConfig withUsers(Map<String, String> users) {
        return new SchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor, defaultCompatibility,
                clientSettings, users);
    }

    // the generated toString would print passwords
    @Override
    public String toString() {
        return "SchemaRegistryConfig[bootstrapServers=" + bootstrapServers + ", host=" + host + ", port=" + port
                + ", topic=" + topic + ", replicationFactor=" + replicationFactor + ", defaultCompatibility="
                + defaultCompatibility + ", clientSettings=" + clientSettings.keySet() + ", users=" + users.keySet() + "]";
    }

    public SchemaRegistryConfig withReplicationFactor(short replicationFactor) {
        return new SchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor, defaultCompatibility,
                clientSettings, users);
    }
}
