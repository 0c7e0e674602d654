package dev.fleetinference.localstack;

import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.settings.Switch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local-stack command's settings, from (strongest first) flags, environment variables, a
 * properties file, then defaults. A bad value fails at start with the setting's name.
 *
 * @param dataDir            where the brokers keep their data; empty: a temporary directory removed at exit
 * @param brokers            how many Kafka brokers: 1, or 3 (a cluster with replication factor 3)
 * @param kafkaPort          the (first) broker's client port (0: any free ports)
 * @param schemaRegistryPort the schema registry's HTTP port (0: any free port)
 * @param modelRegistryPort  the model registry's HTTP port (0: any free port)
 * @param registryToken      the bearer token for writes to the model registry
 * @param insecure           a plaintext, open Kafka cluster (no TLS, no SASL, no ACLs) instead of the secured one
 * @param smoke              run a round trip through the stack, print the result, and stop
 * @param help               print usage and stop
 */
record StackOptions(Optional<Path> dataDir, int brokers, int kafkaPort, int schemaRegistryPort,
                    int modelRegistryPort, String registryToken, boolean insecure, boolean smoke, boolean help) {

    private static final Setting DATA_DIR = Setting.of("--data-dir", "FLEET_DATA_DIR", "data.dir")
            .described("DIR", "where the broker keeps its data (topics, schemas and models), kept across runs")
            .showingDefault("a temporary directory, removed at exit");
    private static final Setting BROKERS = BrokerCount.setting(1);
    private static final Setting KAFKA_PORT = Setting.of("--kafka-port", "FLEET_KAFKA_PORT", "kafka.port")
            .withDefault("9092").described("N", "the broker's client port on 127.0.0.1 (with 3 brokers, the first's; "
                    + "the others take the next two); 0 picks free ports");
    private static final Setting REGISTRY_PORT = Setting.of(
            "--schema-registry-port", "FLEET_SCHEMA_REGISTRY_PORT", "schema-registry.port").withDefault("8081")
            .described("N", "the schema registry's HTTP port on 127.0.0.1; 0 picks a free port");
    private static final Setting MODEL_REGISTRY_PORT = Setting.of(
            "--model-registry-port", "FLEET_MODEL_REGISTRY_PORT", "model-registry.port").withDefault("8082")
            .described("N", "the model registry's HTTP port on 127.0.0.1; 0 picks a free port");
    private static final Setting REGISTRY_TOKEN = Setting.of(
            "--registry-token", "FLEET_REGISTRY_TOKEN", "registry.token").withDefault(LocalStack.DEV_REGISTRY_TOKEN)
            .described("TOKEN", "the bearer token that uploads and promotions on the model registry must carry "
                    + "(printable ASCII, no spaces; the default is for this machine only)");
    private static final Switch SMOKE = Switch.of("--smoke", "start on free ports (unless ports are given), send "
            + "FeatureEvents through Kafka and the schema registry and read them back, print the result, then stop");

    private static final Switch INSECURE = Switch.of("--insecure", "run Kafka plaintext and open (no TLS, no SASL, "
            + "no ACLs: any client may do anything) instead of SASL_SSL/SCRAM with ACLs");

    static final Command COMMAND = Command.named("local-stack")
            .description("""
                    Starts the embedded default of fleet inference on this machine, with no Docker: a real Kafka
                    cluster (KRaft, one broker or three, each in a child JVM), a Confluent-compatible schema
                    registry and the model registry. Prints the bootstrap servers, the registry URLs and the model
                    registry's token, and runs until Ctrl-C, which stops everything.""")
            .settings(List.of(DATA_DIR, BROKERS, KAFKA_PORT, REGISTRY_PORT, MODEL_REGISTRY_PORT, REGISTRY_TOKEN))
            .switches(INSECURE, SMOKE)
            .footer("""
                    Secured (the default), the cluster's admin settings are in <data-dir>/kafka/admin.properties
                    (for Kafka's own tools' --command-config, and ./fleet devices --kafka-properties).
                    The broker's own log is in <data-dir>/kafka/broker.log (with 3 brokers, broker N's in
                    <data-dir>/kafka/node-N/broker.log); model artifacts are kept in <data-dir>/model-registry.""")
            .build();

    static StackOptions parse(List<String> args, Map<String, String> env) {
        Settings settings = COMMAND.parse(args, env);
        boolean smoke = settings.has("--smoke");
        // an empty FLEET_REGISTRY_TOKEN (an unset shell variable, say) must not fall back to the public dev token
        String token = settings.requiredNotBlank(REGISTRY_TOKEN);
        // the token is a secret, so the message does not echo it
        if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException(REGISTRY_TOKEN.describe() + " must be printable ASCII without spaces");
        }
        int brokers = BrokerCount.of(settings, BROKERS);
        int kafkaPort = port(settings, KAFKA_PORT, smoke);
        if (kafkaPort != 0 && kafkaPort + brokers - 1 > 65_535) {
            throw new IllegalArgumentException(KAFKA_PORT.describe() + " must leave room for " + brokers
                    + " ports up to 65535, got '" + kafkaPort + "'");
        }
        return new StackOptions(settings.value(DATA_DIR).map(Path::of), brokers, kafkaPort,
                port(settings, REGISTRY_PORT, smoke), port(settings, MODEL_REGISTRY_PORT, smoke), token,
                settings.has("--insecure"), smoke,
                settings.has("--help") || settings.has("-h"));
    }

    /** A smoke run takes any free port unless one is given. */
    private static int port(Settings settings, Setting setting, boolean smoke) {
        return smoke && settings.given(setting).isEmpty() ? 0 : settings.port(setting);
    }

    /** Whether the model registry's token is the documented default, which is no secret. */
    boolean devToken() {
        return registryToken.equals(LocalStack.DEV_REGISTRY_TOKEN);
    }

    // The generated toString would print the token.
    @Override
    public String toString() {
        return "StackOptions[dataDir=" + dataDir + ", brokers=" + brokers + ", kafkaPort=" + kafkaPort
                + ", schemaRegistryPort=" + schemaRegistryPort + ", modelRegistryPort=" + modelRegistryPort
                + ", registryToken="
                + (devToken() ? registryToken : "****") + ", insecure=" + insecure + ", smoke=" + smoke + ", help=" + help + "]";
    }
}
