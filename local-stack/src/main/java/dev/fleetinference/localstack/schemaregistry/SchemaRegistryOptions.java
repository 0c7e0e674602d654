package dev.fleetinference.localstack.schemaregistry;

import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The standalone schema-registry command's settings, read as every command's are (flag, {@code FLEET_*} variable,
 * {@code --config} file, default). It runs the registry of the embedded stack on its own, against any Kafka cluster:
 * the stand-in for Confluent's image where no image registry is reachable.
 */
final class SchemaRegistryOptions {

    static final Setting BOOTSTRAP = Setting.of("--bootstrap-servers", "FLEET_BOOTSTRAP_SERVERS", "bootstrap.servers")
            .described("HOST:PORT", "the Kafka cluster that holds the schema topic (required)");
    static final Setting KAFKA_PROPERTIES = Setting.of("--kafka-properties", "FLEET_KAFKA_PROPERTIES",
                    "client.properties-file")
            .described("FILE", "Kafka client settings of the registry's own principal (security, say); kafka.* keys "
                    + "of the --config file add to them");
    static final Setting HOST = Setting.of("--host", "FLEET_SCHEMA_REGISTRY_HOST", "schema-registry.host")
            .withDefault("127.0.0.1").described("ADDRESS", "the address the HTTP API listens on (0.0.0.0 in a "
                    + "container)");
    static final Setting PORT = Setting.of("--port", "FLEET_SCHEMA_REGISTRY_PORT", "schema-registry.port")
            .withDefault("8081").described("N", "the HTTP API's port; 0 picks a free port");
    static final Setting TOPIC = Setting.of("--topic", "FLEET_SCHEMA_REGISTRY_TOPIC", "schema-registry.topic")
            .withDefault("_schemas").described("NAME", "the compacted single-partition topic of schemas, replayed at "
                    + "start (created if missing)");
    static final Setting REPLICATION = Setting.of("--replication-factor", "FLEET_SCHEMA_REGISTRY_REPLICATION",
                    "schema-registry.replication-factor")
            .withDefault("1").described("N", "the schema topic's replication factor when the registry creates it");
    static final Setting COMPATIBILITY = Setting.of("--compatibility", "FLEET_SCHEMA_REGISTRY_COMPATIBILITY",
                    "schema-registry.compatibility")
            .withDefault("BACKWARD").described("LEVEL", "the global compatibility level until one is set with PUT "
                    + "/config: NONE, BACKWARD, FORWARD, FULL or their _TRANSITIVE forms");
    static final Setting USER_INFO = Setting.of("--user-info", "FLEET_SCHEMA_REGISTRY_USER_INFO",
                    "schema-registry.basic-auth.user-info")
            .described("USER:PASSWORD", "the one user whose HTTP basic auth writes need (the same variable its "
                    + "clients send); none: anyone may write. Reads stay anonymous")
            .showingDefault("none (writes open)");

    static final Command COMMAND = Command.named("schema-registry")
            .description("""
                    Runs the Confluent-compatible schema registry of the embedded stack on its own, against any Kafka
                    cluster, until SIGTERM or Ctrl-C. It speaks Confluent's REST API (Avro only) and keeps its state
                    in a compacted topic, as Confluent's does; run one instance per topic.""")
            .settings(List.of(BOOTSTRAP, KAFKA_PROPERTIES, HOST, PORT, TOPIC, REPLICATION, COMPATIBILITY, USER_INFO))
            .build();

    private SchemaRegistryOptions() {
    }

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /** The registry's config, or an {@link IllegalArgumentException} naming the setting that is wrong. */
    static SchemaRegistryConfig parse(List<String> args, Map<String, String> env) {
        Settings settings = COMMAND.parse(args, env);
        Map<String, String> client = new TreeMap<>(settings.propertiesFile(KAFKA_PROPERTIES));
        client.putAll(settings.fileEntries("kafka."));
        client.remove("bootstrap.servers");
        String compatibility = settings.requiredNotBlank(COMPATIBILITY);
        try {
            CompatibilityLevel.parse(compatibility);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(COMPATIBILITY.describe() + " must be a compatibility level, got '"
                    + compatibility + "'");
        }
        return new SchemaRegistryConfig(settings.requiredNotBlank(BOOTSTRAP), settings.requiredNotBlank(HOST),
                settings.port(PORT), settings.requiredNotBlank(TOPIC),
                (short) settings.integer(REPLICATION, 1, Short.MAX_VALUE), compatibility, client,
                users(settings.value(USER_INFO).filter(value -> !value.isBlank()).orElse(null)));
    }

    private static Map<String, String> users(String userInfo) {
        if (userInfo == null) {
            return Map.of();
        }
        int colon = userInfo.indexOf(':');
        // the password is a secret, so the message does not echo the value
        if (colon <= 0 || colon == userInfo.length() - 1) {
            throw new IllegalArgumentException(USER_INFO.describe() + " must be USER:PASSWORD, both non-empty");
        }
        return Map.of(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }
}
