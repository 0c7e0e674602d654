package dev.fleetinference.modelregistry;

import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone registry's settings, from (strongest first) flags, environment variables, a
 * properties file, then defaults. A bad or missing value fails at start with the setting's name.
 */
final class RegistryOptions {

    private static final Setting BOOTSTRAP = Setting.of(
            "--bootstrap-servers", "FLEET_BOOTSTRAP_SERVERS", "bootstrap.servers")
            .described("HOST:PORT", "the Kafka cluster that holds the catalog topic (required)");
    private static final Setting SCHEMA_REGISTRY = Setting.of(
            "--schema-registry-url", "FLEET_SCHEMA_REGISTRY_URL", "schema-registry.url")
            .described("URL", "the schema registry of the ModelVersion records (required)");
    private static final Setting STORE_DIR = Setting.of("--store-dir", "FLEET_REGISTRY_STORE_DIR", "registry.store-dir")
            .described("DIR", "where the content-addressed artifacts are kept (required)");
    private static final Setting TOKEN = Setting.of("--token", "FLEET_REGISTRY_TOKEN", "registry.token")
            .described("TOKEN", "the bearer token uploads and stage changes must carry (required); prefer the "
                    + "environment variable or the file, since a flag is visible to other users in the process list");
    private static final Setting READ_TOKEN = Setting.of("--read-token", "FLEET_REGISTRY_READ_TOKEN",
            "registry.read-token")
            .described("TOKEN", "the bearer token listings and artifact downloads must carry (required; the write "
                    + "token may read too, and the two must differ); prefer the environment variable or the file");
    private static final Setting SCHEMA_REGISTRY_USER_INFO = Setting.of("--schema-registry-user-info",
            "FLEET_SCHEMA_REGISTRY_USER_INFO", "schema-registry.basic-auth.user-info")
            .described("USER:PASSWORD", "HTTP basic auth for the schema registry, where the ModelVersion schema is "
                    + "registered; none by default");
    private static final Setting HOST = Setting.of("--host", "FLEET_REGISTRY_HOST", "registry.host")
            .withDefault(ModelRegistryConfig.DEFAULT_HOST).described("ADDRESS", "the address the HTTP API listens on");
    private static final Setting PORT = Setting.of("--port", "FLEET_REGISTRY_PORT", "registry.port")
            .withDefault(Integer.toString(ModelRegistryConfig.DEFAULT_PORT))
            .described("N", "the HTTP API's port; 0 picks a free port");
    private static final Setting MAX_UPLOAD = Setting.of("--max-upload-bytes", "FLEET_REGISTRY_MAX_UPLOAD_BYTES",
            "registry.max-upload-bytes").withDefault(Long.toString(ArtifactLimits.DEFAULT_MAX_UPLOAD_BYTES))
            .described("SIZE", "the largest upload (bytes, or a number followed by KiB, MiB or GiB)");
    private static final Setting MAX_UNZIPPED = Setting.of("--max-unzipped-bytes", "FLEET_REGISTRY_MAX_UNZIPPED_BYTES",
            "registry.max-unzipped-bytes").withDefault(Long.toString(ArtifactLimits.DEFAULT_MAX_UNZIPPED_BYTES))
            .described("SIZE", "the most an upload may inflate to, counted while it is read");
    private static final Setting MAX_ENTRIES = Setting.of("--max-entries", "FLEET_REGISTRY_MAX_ENTRIES",
            "registry.max-entries").withDefault(Integer.toString(ArtifactLimits.DEFAULT_MAX_ENTRIES))
            .described("N", "the most entries an uploaded zip may hold");
    private static final Setting TOPIC = Setting.of("--topic", "FLEET_REGISTRY_TOPIC", "registry.topic")
            .withDefault(CatalogTopic.DEFAULT_NAME).described("NAME", "the compacted topic of model versions, replayed at start");
    /** Each setting by the name of the config component it fills, to name the setting in the config's errors. */
    private static final Map<String, Setting> BY_COMPONENT = Map.ofEntries(
            Map.entry("bootstrapServers", BOOTSTRAP), Map.entry("schemaRegistryUrl", SCHEMA_REGISTRY),
            Map.entry("host", HOST), Map.entry("port", PORT), Map.entry("storeDir", STORE_DIR),
            Map.entry("writeToken", TOKEN), Map.entry("readToken", READ_TOKEN),
            Map.entry("schemaRegistryUserInfo", SCHEMA_REGISTRY_USER_INFO), Map.entry("maxUploadBytes", MAX_UPLOAD),
            Map.entry("maxUnzippedBytes", MAX_UNZIPPED), Map.entry("maxEntries", MAX_ENTRIES),
            Map.entry("topic", TOPIC));

    static final Command COMMAND = Command.named("model-registry")
            .description("""
                    Runs the fleet inference model registry: an HTTP API to upload zipped TensorFlow SavedModels, list
                    them, promote them to production and download them by digest. Artifacts are kept in a
                    content-addressed directory; versions and stages in the compacted Kafka topic _model-registry,
                    which is replayed at start.""")
            .settings(List.of(BOOTSTRAP, SCHEMA_REGISTRY, SCHEMA_REGISTRY_USER_INFO, STORE_DIR, TOKEN, READ_TOKEN, HOST, PORT, MAX_UPLOAD, MAX_UNZIPPED,
                    MAX_ENTRIES, TOPIC))
            .build();

    static final String USAGE = COMMAND.usage();

    private RegistryOptions() {
    }

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /** The config the arguments, environment and file describe; IllegalArgumentException naming the setting otherwise. */
    static ModelRegistryConfig parse(List<String> args, Map<String, String> env) {
        Settings settings = COMMAND.parse(args, env);
        try {
            return new ModelRegistryConfig(
                    settings.required(BOOTSTRAP),
                    settings.required(SCHEMA_REGISTRY),
                    settings.required(HOST),
                    settings.port(PORT),
                    Path.of(settings.required(STORE_DIR)),
                    settings.required(TOKEN),
                    Optional.of(settings.required(READ_TOKEN)),
                    settings.given(SCHEMA_REGISTRY_USER_INFO),
                    settings.size(MAX_UPLOAD),
                    settings.size(MAX_UNZIPPED),
                    settings.integer(MAX_ENTRIES, 1, Integer.MAX_VALUE),
                    settings.required(TOPIC),
                    Optional.empty(),
                    Map.of());
        } catch (IllegalArgumentException e) {
            // the config names its component first; say which flag, variable and key set it
            Setting setting = BY_COMPONENT.get(e.getMessage().split(" ", 2)[0]);
            throw setting == null ? e : new IllegalArgumentException(setting.describe() + ": " + e.getMessage(), e);
        }
    }
}
