package dev.fleetinference.modelregistry;

import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone registry's settings, from (strongest first) flags, environment variables, a
 * properties file, then defaults. A bad or missing value fails at start with the setting's name.
 */
final class RegistryOptions {

    /** A setting: its flag, environment variable, key in the properties file, default, and config component. */
    private record Setting(String flag, String env, String key, String fallback, String component) {
    }

    private static final Setting CONFIG = new Setting("--config", "FLEET_CONFIG", null, null, null);
    private static final Setting BOOTSTRAP = new Setting(
            "--bootstrap-servers", "FLEET_BOOTSTRAP_SERVERS", "bootstrap.servers", null, "bootstrapServers");
    private static final Setting SCHEMA_REGISTRY = new Setting(
            "--schema-registry-url", "FLEET_SCHEMA_REGISTRY_URL", "schema-registry.url", null, "schemaRegistryUrl");
    private static final Setting HOST = new Setting(
            "--host", "FLEET_REGISTRY_HOST", "registry.host", ModelRegistryConfig.DEFAULT_HOST, "host");
    private static final Setting PORT = new Setting(
            "--port", "FLEET_REGISTRY_PORT", "registry.port", Integer.toString(ModelRegistryConfig.DEFAULT_PORT), "port");
    private static final Setting STORE_DIR = new Setting(
            "--store-dir", "FLEET_REGISTRY_STORE_DIR", "registry.store-dir", null, "storeDir");
    private static final Setting TOKEN = new Setting(
            "--token", "FLEET_REGISTRY_TOKEN", "registry.token", null, "writeToken");
    private static final Setting MAX_UPLOAD = new Setting("--max-upload-bytes", "FLEET_REGISTRY_MAX_UPLOAD_BYTES",
            "registry.max-upload-bytes", Long.toString(ArtifactLimits.DEFAULT_MAX_UPLOAD_BYTES), "maxUploadBytes");
    private static final Setting MAX_UNZIPPED = new Setting("--max-unzipped-bytes", "FLEET_REGISTRY_MAX_UNZIPPED_BYTES",
            "registry.max-unzipped-bytes", Long.toString(ArtifactLimits.DEFAULT_MAX_UNZIPPED_BYTES), "maxUnzippedBytes");
    private static final Setting MAX_ENTRIES = new Setting("--max-entries", "FLEET_REGISTRY_MAX_ENTRIES",
            "registry.max-entries", Integer.toString(ArtifactLimits.DEFAULT_MAX_ENTRIES), "maxEntries");
    private static final Setting TOPIC = new Setting(
            "--topic", "FLEET_REGISTRY_TOPIC", "registry.topic", CatalogTopic.DEFAULT_NAME, "topic");
    private static final List<Setting> SETTINGS = List.of(CONFIG, BOOTSTRAP, SCHEMA_REGISTRY, HOST, PORT, STORE_DIR,
            TOKEN, MAX_UPLOAD, MAX_UNZIPPED, MAX_ENTRIES, TOPIC);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|KiB|MiB|GiB)", Pattern.CASE_INSENSITIVE);

    static final String USAGE = """
            Usage: model-registry [options]

            Runs the fleet inference model registry: an HTTP API to upload zipped TensorFlow
            SavedModels, list them, promote them to production and download them by digest.
            Artifacts are kept in a content-addressed directory; versions and stages in the
            compacted Kafka topic _model-registry, which is replayed at start.

            Options (flag / environment variable / key in the --config file):
              --bootstrap-servers HOST:PORT  FLEET_BOOTSTRAP_SERVERS      bootstrap.servers     (required)
              --schema-registry-url URL      FLEET_SCHEMA_REGISTRY_URL    schema-registry.url   (required)
              --store-dir DIR                FLEET_REGISTRY_STORE_DIR     registry.store-dir    (required)
              --token TOKEN                  FLEET_REGISTRY_TOKEN         registry.token        (required)
                  the bearer token uploads and stage changes must carry; prefer the environment
                  variable or the file, since a flag is visible to other users in the process list.
              --host ADDRESS                 FLEET_REGISTRY_HOST          registry.host         (default 127.0.0.1)
              --port N                       FLEET_REGISTRY_PORT          registry.port         (default 8082; 0: any free port)
              --max-upload-bytes SIZE        FLEET_REGISTRY_MAX_UPLOAD_BYTES    registry.max-upload-bytes    (default 256MiB)
              --max-unzipped-bytes SIZE      FLEET_REGISTRY_MAX_UNZIPPED_BYTES  registry.max-unzipped-bytes  (default 1GiB)
              --max-entries N                FLEET_REGISTRY_MAX_ENTRIES   registry.max-entries  (default 10000)
              --topic NAME                   FLEET_REGISTRY_TOPIC         registry.topic        (default _model-registry)
              --config FILE                  FLEET_CONFIG
                  a properties file with the keys above.
              --help
                  print this text.

            A SIZE is a number of bytes, or a number followed by KiB, MiB or GiB.
            Flags beat environment variables, which beat the file.
            """;

    private RegistryOptions() {
    }

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /** The config the arguments, environment and file describe; IllegalArgumentException naming the setting otherwise. */
    static ModelRegistryConfig parse(List<String> args, Map<String, String> env) {
        Map<Setting, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            Setting setting = SETTINGS.stream().filter(s -> s.flag().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown option '" + arg + "' (see --help)"));
            if (arg.contains("=")) {
                flags.put(setting, arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < args.size()) {
                flags.put(setting, args.get(++i));
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value (see --help)");
            }
        }
        Properties file = loadFile(Optional.ofNullable(flags.get(CONFIG))
                .or(() -> Optional.ofNullable(env.get(CONFIG.env()))));
        Sources sources = new Sources(flags, env, file);
        try {
            return new ModelRegistryConfig(
                    sources.required(BOOTSTRAP),
                    sources.required(SCHEMA_REGISTRY),
                    sources.text(HOST),
                    (int) sources.number(PORT, false),
                    Path.of(sources.required(STORE_DIR)),
                    sources.required(TOKEN),
                    sources.number(MAX_UPLOAD, true),
                    sources.number(MAX_UNZIPPED, true),
                    (int) sources.number(MAX_ENTRIES, false),
                    sources.text(TOPIC));
        } catch (IllegalArgumentException e) {
            // the config names its component first; say which flag, variable and key set it
            String component = e.getMessage().split(" ", 2)[0];
            Optional<Setting> setting = SETTINGS.stream().filter(s -> component.equals(s.component())).findFirst();
            throw setting.map(s -> new IllegalArgumentException(describe(s) + ": " + e.getMessage(), e)).orElseThrow(() -> e);
        }
    }

    /** Where values come from, strongest first. */
    private record Sources(Map<Setting, String> flags, Map<String, String> env, Properties file) {

        Optional<String> value(Setting setting) {
            return Optional.ofNullable(flags.get(setting))
                    .or(() -> Optional.ofNullable(env.get(setting.env())))
                    .or(() -> Optional.ofNullable(setting.key() == null ? null : file.getProperty(setting.key())))
                    .map(String::strip)
                    .filter(v -> !v.isEmpty());
        }

        String text(Setting setting) {
            return value(setting).orElse(setting.fallback());
        }

        String required(Setting setting) {
            return value(setting).orElseThrow(() -> new IllegalArgumentException(describe(setting) + " is required"));
        }

        long number(Setting setting, boolean size) {
            String text = text(setting);
            Matcher matcher = SIZE.matcher(text);
            if (!matcher.matches() || (!size && !matcher.group(2).isEmpty())) {
                throw new IllegalArgumentException(describe(setting) + " must be " + (size ? "a size such as 268435456 "
                        + "or 256MiB" : "a whole number") + ", got '" + text + "'");
            }
            try {
                long value = Long.parseLong(matcher.group(1));
                long scaled = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                    case "kib" -> Math.multiplyExact(value, 1024L);
                    case "mib" -> Math.multiplyExact(value, 1024L * 1024);
                    case "gib" -> Math.multiplyExact(value, 1024L * 1024 * 1024);
                    default -> value;
                };
                if (!size && scaled > Integer.MAX_VALUE) {
                    throw new ArithmeticException();
                }
                return scaled;
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException(describe(setting) + " is out of range: '" + text + "'");
            }
        }
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
