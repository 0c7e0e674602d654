package dev.fleetinference.localstack;

import dev.fleetinference.localstack.kafka.KafkaCluster;
import dev.fleetinference.localstack.kafka.KafkaClusterConfig;
import dev.fleetinference.localstack.kafka.Security;
import dev.fleetinference.localstack.schemaregistry.SchemaRegistryConfig;
import dev.fleetinference.localstack.schemaregistry.SchemaRegistryServer;
import dev.fleetinference.modelregistry.ModelRegistryConfig;
import dev.fleetinference.modelregistry.ModelRegistryServer;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded default: a real Kafka cluster (one broker, or three), a Confluent-compatible schema registry and the
 * model registry on this machine. Either registry can be stopped and started again at the same address, to see how
 * their clients live through an outage.
 */
public final class LocalStack implements AutoCloseable {

    /** The model registry's write token when none is given; fit for a laptop, not for anything shared. */
    public static final String DEV_REGISTRY_TOKEN = "local-dev-token";

    private final KafkaCluster kafka;
    private final String schemaRegistryUrl;
    private final String modelRegistryUrl;
    private final StackServer<SchemaRegistryServer> schemaRegistry;
    private final StackServer<ModelRegistryServer> modelRegistry;
    private final String modelRegistryToken;
    /** Empty on an open stack, whose registries ask for no credentials but the model registry's write token. */
    private final Optional<RegistrySecrets> secrets;

    private LocalStack(KafkaCluster kafka, SchemaRegistryServer schemaRegistry, SchemaRegistryConfig schemaConfig,
                       ModelRegistryServer modelRegistry, ModelRegistryConfig modelConfig, String modelRegistryToken,
                       Optional<RegistrySecrets> secrets) {
        this.kafka = kafka;
        this.schemaRegistryUrl = schemaRegistry.url();
        this.modelRegistryUrl = modelRegistry.url();
        // a restart takes the port the first start got, which a port of 0 left to the system
        SchemaRegistryConfig samePortSchemas = schemaConfig.withPort(port(schemaRegistryUrl));
        ModelRegistryConfig samePortModels = modelConfig.withPort(port(modelRegistryUrl));
        this.schemaRegistry = new StackServer<>("schema registry", schemaRegistry,
                () -> SchemaRegistryServer.start(samePortSchemas));
        this.modelRegistry = new StackServer<>("model registry", modelRegistry,
                () -> ModelRegistryServer.start(samePortModels));
        this.modelRegistryToken = modelRegistryToken;
        this.secrets = secrets;
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

    /** {@link #start(Path, int, int, int, int, String, Security)} on an open (plaintext, no authorizer) cluster. */
    public static LocalStack start(Path dataDir, int brokers, int kafkaPort, int schemaRegistryPort,
                                   int modelRegistryPort, String modelRegistryToken) {
        return start(dataDir, brokers, kafkaPort, schemaRegistryPort, modelRegistryPort, modelRegistryToken,
                Security.INSECURE);
    }

    /**
     * Starts {@code brokers} Kafka nodes in {@code dataDir/kafka} (client ports from {@code kafkaPort} up, or free
     * ones for 0), then the schema registry against them, then the model registry with its artifacts in
     * {@code dataDir/model-registry}; both registries' topics get the cluster's replication factor. Secured, each
     * registry talks to Kafka as its own principal ({@link RegistryPrincipals}), allowed its own topic only; the
     * model registry's reads need a read token and the schema registry's writes a user's basic auth, both made
     * anew ({@link #modelRegistryReadToken()}, {@link #schemaRegistryCredentials()}). Open, both registries read to
     * anyone and the schema registry takes anyone's writes, as before.
     */
    public static LocalStack start(Path dataDir, int brokers, int kafkaPort, int schemaRegistryPort,
                                   int modelRegistryPort, String modelRegistryToken, Security security) {
        KafkaCluster kafka = KafkaCluster.start(KafkaClusterConfig.inDirectory(dataDir.resolve("kafka"), brokers)
                .withPort(kafkaPort).withSecurity(security));
        short replicationFactor = kafka.replication().factor();
        Optional<RegistrySecrets> secrets = security == Security.SECURED
                ? Optional.of(RegistrySecrets.generate(new SecureRandom())) : Optional.empty();
        SchemaRegistryServer schemaRegistry = null;
        try {
            RegistryPrincipals principals = RegistryPrincipals.of(kafka);
            SchemaRegistryConfig schemaConfig = SchemaRegistryConfig.local(kafka.bootstrapServers())
                    .withPort(schemaRegistryPort).withReplicationFactor(replicationFactor)
                    .withClientSettings(principals.schemaRegistry())
                    .withUsers(secrets.map(s -> Map.of(s.schemaRegistry().user(), s.schemaRegistry().password()))
                            .orElse(Map.of()));
            schemaRegistry = SchemaRegistryServer.start(schemaConfig);
            ModelRegistryConfig modelConfig = ModelRegistryConfig.local(kafka.bootstrapServers(),
                    schemaRegistry.url(), dataDir.resolve("model-registry"), modelRegistryToken)
                    .withPort(modelRegistryPort).withReplicationFactor(replicationFactor)
                    .withClientSettings(principals.modelRegistry());
            if (secrets.isPresent()) {
                // the model registry registers its ModelVersion schema, a write
                modelConfig = modelConfig.withReadToken(secrets.get().modelRegistryReadToken())
                        .withSchemaRegistryUserInfo(secrets.get().schemaRegistry().userInfo());
            }
            ModelRegistryServer modelRegistry = ModelRegistryServer.start(modelConfig);
            return new LocalStack(kafka, schemaRegistry, schemaConfig, modelRegistry, modelConfig,
                    modelRegistryToken, secrets);
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
        return schemaRegistryUrl;
    }

    public String modelRegistryUrl() {
        return modelRegistryUrl;
    }

    /** Stops the schema registry: its address refuses connections until {@link #startSchemaRegistry()}. */
    public void stopSchemaRegistry() {
        schemaRegistry.stop();
    }

    /** Starts the schema registry again at its address, with every schema it had (they live in its topic). */
    public void startSchemaRegistry() {
        schemaRegistry.start();
    }

    /** Stops the model registry: its address refuses connections until {@link #startModelRegistry()}. */
    public void stopModelRegistry() {
        modelRegistry.stop();
    }

    /** Starts the model registry again at its address, with its catalog (in its topic) and its artifacts. */
    public void startModelRegistry() {
        modelRegistry.start();
    }

    /** The bearer token that uploads and stage changes on the model registry must carry. */
    public String modelRegistryToken() {
        return modelRegistryToken;
    }

    /**
     * The bearer token that reads of the model registry (listings, artifact downloads) need besides the write token:
     * a new random one at every start of a secured stack; empty on an open stack, whose reads are open.
     */
    public Optional<String> modelRegistryReadToken() {
        return secrets.map(RegistrySecrets::modelRegistryReadToken);
    }

    /**
     * The schema registry's user allowed to write (register schemas, set compatibility), with a new random password
     * at every start of a secured stack; empty on an open stack, whose schema registry takes anyone's writes.
     */
    public Optional<SchemaRegistryCredentials> schemaRegistryCredentials() {
        return secrets.map(RegistrySecrets::schemaRegistry);
    }

    /**
     * The Kafka client settings of the cluster's admin (a super user): empty on an open cluster. Also in the
     * cluster's {@code admin.properties}.
     */
    public Map<String, String> adminClientSettings() {
        return kafka.adminClientSettings();
    }

    /** Whether the cluster is secured (SASL_SSL, SCRAM, ACLs). */
    public boolean secured() {
        return !kafka.adminClientSettings().isEmpty();
    }

    /** The Kafka cluster: each of its brokers, to stop, kill or restart one, and who leads a partition. */
    public KafkaCluster kafka() {
        return kafka;
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    @Override
    public void close() {
        try {
            modelRegistry.stop();
        } finally {
            try {
                schemaRegistry.stop();
            } finally {
                kafka.close();
            }
        }
    }
}
