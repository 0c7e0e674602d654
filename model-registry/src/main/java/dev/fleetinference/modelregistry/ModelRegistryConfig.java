package dev.fleetinference.modelregistry;

import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.internals.Topic;

/**
 * How to run the model registry. Every validation message starts with the name of the setting it
 * is about.
 *
 * @param bootstrapServers  the Kafka cluster that holds the catalog topic
 * @param schemaRegistryUrl the schema registry where the ModelVersion schema is registered
 * @param host              address to listen on (127.0.0.1 keeps it local)
 * @param port              HTTP port; 0 picks a free one
 * @param storeDir          directory of the artifact store (and of uploads in progress)
 * @param writeToken        the bearer token that uploads and stage changes must carry (it may read, too)
 * @param readToken         the bearer token that reads of models, versions and artifacts must carry (or the write
 *                          token); empty: reads are open to anyone, which only an open (insecure) local stack wants
 * @param schemaRegistryUserInfo "user:password" for the schema registry's basic auth, which it needs to register the
 *                          ModelVersion schema on a registry that refuses anonymous writes; empty: none sent
 * @param maxUploadBytes    the largest zip accepted
 * @param maxUnzippedBytes  the most bytes a zip's entries may inflate to
 * @param maxEntries        the most entries a zip may have
 * @param topic             the compacted single-partition catalog topic, {@code _model-registry} by default
 * @param replicationFactor the catalog topic's replication factor when the registry creates it; empty: the
 *                          cluster's default
 * @param clientSettings    further settings of its Kafka clients (security, say)
 */
public record ModelRegistryConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String host,
        int port,
        Path storeDir,
        String writeToken,
        Optional<String> readToken,
        Optional<String> schemaRegistryUserInfo,
        long maxUploadBytes,
        long maxUnzippedBytes,
        int maxEntries,
        String topic,
        Optional<Short> replicationFactor,
        Map<String, String> clientSettings) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8082;

    public ModelRegistryConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must name at least one Kafka broker");
        }
        try {
            SchemaRegistryClientConfig.of(Objects.requireNonNull(schemaRegistryUrl, "it is missing"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("schemaRegistryUrl must be an http(s) URL: " + e.getMessage());
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be an address to listen on, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
        }
        if (storeDir == null) {
            throw new IllegalArgumentException("storeDir must be set: the directory that keeps the artifacts");
        }
        // the token is a secret, so no message echoes it
        if (writeToken == null || writeToken.isBlank()) {
            throw new IllegalArgumentException("writeToken must be set: the bearer token that writes must carry");
        }
        if (writeToken.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("writeToken must be printable ASCII without spaces");
        }
        Objects.requireNonNull(readToken, "readToken must not be null; use Optional.empty() for open reads");
        if (readToken.filter(token -> token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e))
                .isPresent()) {
            throw new IllegalArgumentException("readToken must be printable ASCII without spaces");
        }
        // the same token for both would let every reader write
        if (readToken.filter(writeToken::equals).isPresent()) {
            throw new IllegalArgumentException("readToken must differ from the write token");
        }
        Objects.requireNonNull(schemaRegistryUserInfo, "schemaRegistryUserInfo must not be null");
        if (schemaRegistryUserInfo.filter(info -> info.indexOf(':') < 1).isPresent()) {
            throw new IllegalArgumentException("schemaRegistryUserInfo must have the form 'user:password'");
        }
        new ArtifactLimits(maxUploadBytes, maxUnzippedBytes, maxEntries);
        if (topic == null || !Topic.isValid(topic)) {
            throw new IllegalArgumentException("topic must be a legal Kafka topic name, got '" + topic + "'");
        }
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        if (replicationFactor.filter(factor -> factor < 1).isPresent()) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor.get());
        }
        clientSettings = Map.copyOf(clientSettings);
    }

    /**
     * With open reads (no read token), no schema-registry credentials and the cluster's default replication for the
     * catalog topic.
     */
    public ModelRegistryConfig(String bootstrapServers, String schemaRegistryUrl, String host, int port, Path storeDir,
                               String writeToken, long maxUploadBytes, long maxUnzippedBytes, int maxEntries,
                               String topic) {
        this(bootstrapServers, schemaRegistryUrl, host, port, storeDir, writeToken, Optional.empty(), Optional.empty(),
                maxUploadBytes, maxUnzippedBytes, maxEntries, topic, Optional.empty(), Map.of());
    }

    /** Local defaults: 127.0.0.1, a free port, the default limits, topic {@code _model-registry}, open reads. */
    public static ModelRegistryConfig local(String bootstrapServers, String schemaRegistryUrl, Path storeDir,
                                            String writeToken) {
        ArtifactLimits limits = ArtifactLimits.defaults();
        return new ModelRegistryConfig(bootstrapServers, schemaRegistryUrl, DEFAULT_HOST, 0, storeDir, writeToken,
                limits.maxUploadBytes(), limits.maxUnzippedBytes(), limits.maxEntries(), CatalogTopic.DEFAULT_NAME);
    }

    /** This config with its Kafka clients' further settings. */
    public ModelRegistryConfig withClientSettings(Map<String, String> settings) {
        return new ModelRegistryConfig(bootstrapServers, schemaRegistryUrl, host, port, storeDir, writeToken,
                readToken, schemaRegistryUserInfo, maxUploadBytes, maxUnzippedBytes, maxEntries, topic, replicationFactor,
                settings);
    }

    /** This config with reads needing {@code token} (or the write token). */
    public ModelRegistryConfig withReadToken(String token) {
        return new ModelRegistryConfig(bootstrapServers, schemaRegistryUrl, host, port, storeDir, writeToken,
                Optional.of(token), schemaRegistryUserInfo, maxUploadBytes, maxUnzippedBytes, maxEntries, topic,
                replicationFactor, clientSettings);
    }

    /** This config sending {@code userInfo} ("user:password") to the schema registry as basic auth. */
    public ModelRegistryConfig withSchemaRegistryUserInfo(String userInfo) {
        return new ModelRegistryConfig(bootstrapServers, schemaRegistryUrl, host, port, storeDir, writeToken,
                readToken, Optional.of(userInfo), maxUploadBytes, maxUnzippedBytes, maxEntries, topic,
                replicationFactor, clientSettings);
    }

    public ArtifactLimits limits() {
        return new ArtifactLimits(maxUploadBytes, maxUnzippedBytes, maxEntries);
    }

    public ModelRegistryConfig withPort(int newPort) {
        return new ModelRegistryConfig(bootstrapServers, schemaRegistryUrl, host, newPort, storeDir, writeToken,
                readToken, schemaRegistryUserInfo, maxUploadBytes, maxUnzippedBytes, maxEntries, topic, replicationFactor,
                clientSettings);
    }

    public ModelRegistryConfig withTopic(String newTopic) {
        return new ModelRegistryConfig(bootstrapServers, schemaRegistryUrl, host, port, storeDir, writeToken,
                readToken, schemaRegistryUserInfo, maxUploadBytes, maxUnzippedBytes, maxEntries, newTopic,
                replicationFactor, clientSettings);
    }

    public ModelRegistryConfig withLimits(ArtifactLimits limits) {
        return new ModelRegistryConfig(bootstrapServers, schemaRegistryUrl, host, port, storeDir, writeToken,
                readToken, schemaRegistryUserInfo, limits.maxUploadBytes(), limits.maxUnzippedBytes(), limits.maxEntries(),
                topic, replicationFactor, clientSettings);
    }

    /** With {@code factor} copies of the catalog topic when the registry creates it. */
    public ModelRegistryConfig withReplicationFactor(short factor) {
        return new ModelRegistryConfig(bootstrapServers, schemaRegistryUrl, host, port, storeDir, writeToken,
                readToken, schemaRegistryUserInfo, maxUploadBytes, maxUnzippedBytes, maxEntries, topic, Optional.of(factor),
                clientSettings);
    }

    // The generated toString would print the tokens and the password into logs.
    @Override
    public String toString() {
        return "ModelRegistryConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", host=" + host + ", port=" + port + ", storeDir=" + storeDir + ", writeToken=****"
                + ", readToken=" + readToken.map(t -> "****").orElse("none (reads open)")
                + ", schemaRegistryUserInfo=" + schemaRegistryUserInfo.map(u -> u.substring(0, u.indexOf(':')) + ":****")
                        .orElse("none")
                + ", maxUploadBytes=" + maxUploadBytes + ", maxUnzippedBytes=" + maxUnzippedBytes
                + ", maxEntries=" + maxEntries + ", topic=" + topic + ", replicationFactor=" + replicationFactor + "]";
    }
}
