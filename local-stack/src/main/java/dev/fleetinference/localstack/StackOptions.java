package dev.fleetinference.localstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The local-stack command's settings, from (strongest first) flags, environment variables, a
 * properties file, then defaults. A bad value fails at start with the setting's name.
 *
 * @param dataDir            where the broker keeps its data; empty: a temporary directory removed at exit
 * @param kafkaPort          the broker's client port (0: any free port)
 * @param schemaRegistryPort the schema registry's HTTP port (0: any free port)
 * @param modelRegistryPort  the model registry's HTTP port (0: any free port)
 * @param registryToken      the bearer token for writes to the model registry
 * @param smoke              run a round trip through the stack, print the result, and stop
 * @param help               print usage and stop
 */
record StackOptions(Optional<Path> dataDir, int kafkaPort, int schemaRegistryPort, int modelRegistryPort,
                    String registryToken, boolean smoke, boolean help) {

    /** A setting: its flag, environment variable, key in the properties file and default. */
    private record Setting(String flag, String env, String key, String fallback) {
    }

    private static final Setting CONFIG = new Setting("--config", "FLEET_CONFIG", null, null);
    private static final Setting DATA_DIR = new Setting("--data-dir", "FLEET_DATA_DIR", "data.dir", null);
    private static final Setting KAFKA_PORT = new Setting("--kafka-port", "FLEET_KAFKA_PORT", "kafka.port", "9092");
    private static final Setting REGISTRY_PORT = new Setting(
            "--schema-registry-port", "FLEET_SCHEMA_REGISTRY_PORT", "schema-registry.port", "8081");
    private static final Setting MODEL_REGISTRY_PORT = new Setting(
            "--model-registry-port", "FLEET_MODEL_REGISTRY_PORT", "model-registry.port", "8082");
    private static final Setting REGISTRY_TOKEN = new Setting(
            "--registry-token", "FLEET_REGISTRY_TOKEN", "registry.token", LocalStack.DEV_REGISTRY_TOKEN);
    private static final List<Setting> WITH_VALUES =
            List.of(CONFIG, DATA_DIR, KAFKA_PORT, REGISTRY_PORT, MODEL_REGISTRY_PORT, REGISTRY_TOKEN);

    static final String USAGE = """
            Usage: local-stack [options]

            Starts the embedded default of fleet inference on this machine, with no Docker:
            a real single-node Kafka broker (KRaft, in a child JVM), a Confluent-compatible
            schema registry and the model registry. Prints the bootstrap servers, the registry
            URLs and the model registry's token, and runs until Ctrl-C, which stops everything.

            Options (flag / environment variable / key in the --config file):
              --data-dir DIR               FLEET_DATA_DIR        data.dir
                  where the broker keeps its data; kept across runs. Default: a temporary
                  directory that is removed at exit.
              --kafka-port N               FLEET_KAFKA_PORT      kafka.port            (default 9092)
                  the broker's client port on 127.0.0.1; 0 picks a free port.
              --schema-registry-port N     FLEET_SCHEMA_REGISTRY_PORT  schema-registry.port  (default 8081)
                  the schema registry's HTTP port on 127.0.0.1; 0 picks a free port.
              --model-registry-port N      FLEET_MODEL_REGISTRY_PORT   model-registry.port   (default 8082)
                  the model registry's HTTP port on 127.0.0.1; 0 picks a free port.
              --registry-token TOKEN       FLEET_REGISTRY_TOKEN  registry.token
                  the bearer token that uploads and promotions on the model registry must carry.
                  Default: local-dev-token (for this machine only).
              --config FILE                FLEET_CONFIG
                  a properties file with the keys above.
              --smoke
                  start on free ports (unless ports are given), send FeatureEvents through Kafka
                  and the schema registry and read them back, print the result, then stop.
              --help
                  print this text.

            The broker's own log is in <data-dir>/kafka/broker.log; model artifacts are kept in
            <data-dir>/model-registry.
            """;

    static StackOptions parse(List<String> args, Map<String, String> env) {
        Map<Setting, String> flags = new java.util.HashMap<>();
        boolean smoke = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (arg.equals("--smoke")) {
                smoke = true;
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            Setting setting = WITH_VALUES.stream().filter(s -> s.flag().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown option '" + arg + "' (see --help)"));
            if (arg.contains("=")) {
                flags.put(setting, arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < args.size()) {
                flags.put(setting, args.get(++i));
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value (see --help)");
            }
        }
        Properties file = loadFile(Optional.ofNullable(flags.get(CONFIG)).or(() -> Optional.ofNullable(env.get(CONFIG.env()))));
        Optional<Path> dataDir = value(DATA_DIR, flags, env, file).map(Path::of);
        boolean portsGiven = value(KAFKA_PORT, flags, env, file).isPresent();
        int kafkaPort = port(KAFKA_PORT, flags, env, file, smoke && !portsGiven);
        int registryPort = port(REGISTRY_PORT, flags, env, file, smoke && value(REGISTRY_PORT, flags, env, file).isEmpty());
        int modelRegistryPort = port(MODEL_REGISTRY_PORT, flags, env, file,
                smoke && value(MODEL_REGISTRY_PORT, flags, env, file).isEmpty());
        String token = value(REGISTRY_TOKEN, flags, env, file).orElse(REGISTRY_TOKEN.fallback());
        // the token is a secret, so the message does not echo it
        if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException(describe(REGISTRY_TOKEN) + " must be printable ASCII without spaces");
        }
        return new StackOptions(dataDir, kafkaPort, registryPort, modelRegistryPort, token, smoke, help);
    }

    /** Whether the model registry's token is the documented default, which is no secret. */
    boolean devToken() {
        return registryToken.equals(LocalStack.DEV_REGISTRY_TOKEN);
    }

    // The generated toString would print the token.
    @Override
    public String toString() {
        return "StackOptions[dataDir=" + dataDir + ", kafkaPort=" + kafkaPort + ", schemaRegistryPort="
                + schemaRegistryPort + ", modelRegistryPort=" + modelRegistryPort + ", registryToken="
                + (devToken() ? registryToken : "****") + ", smoke=" + smoke + ", help=" + help + "]";
    }

    private static int port(Setting setting, Map<Setting, String> flags, Map<String, String> env, Properties file,
                            boolean anyFree) {
        String text = value(setting, flags, env, file).orElse(anyFree ? "0" : setting.fallback());
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(describe(setting) + " must be a port number 0-65535, got '" + text + "'");
        }
    }

    private static Optional<String> value(Setting setting, Map<Setting, String> flags, Map<String, String> env,
                                          Properties file) {
        return Optional.ofNullable(flags.get(setting))
                .or(() -> Optional.ofNullable(env.get(setting.env())))
                .or(() -> Optional.ofNullable(setting.key() == null ? null : file.getProperty(setting.key())))
                .filter(v -> !v.isBlank());
    }

    private static Properties loadFile(Optional<String> path) {
        Properties properties = new Properties();
        if (path.isEmpty()) {
            return properties;
        }
        Path file = Path.of(path.get());
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config file given by " + describe(CONFIG)
                    + ": " + file.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
    }

    private static String describe(Setting setting) {
        return setting.flag() + " (" + setting.env() + (setting.key() == null ? "" : ", " + setting.key()) + ")";
    }
}
