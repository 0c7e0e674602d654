package dev.fleetinference.streamapp;

import dev.fleetinference.modelregistry.catalog.ModelNames;
import dev.fleetinference.settings.Command;
import dev.fleetinference.devices.RegistryTopic;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.streamapp.batching.BatchSettings;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.pipeline.ScoringMode;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import java.util.Set;

/**
 * Reads the stream app's settings from (strongest first) flags, environment variables, a properties file, then
 * defaults, into a {@link StreamAppConfig}. A bad value fails at start with the setting's flag, variable and key.
 */
public final class StreamAppOptions {

    static final Setting BOOTSTRAP = Setting.of("--bootstrap-servers", "FLEET_BOOTSTRAP_SERVERS", "bootstrap.servers")
            .withDefault("127.0.0.1:9092").described("HOSTS", "the Kafka cluster");
    static final Setting SCHEMA_REGISTRY = Setting.of("--schema-registry-url", "FLEET_SCHEMA_REGISTRY_URL",
            "schema-registry.url").withDefault("http://127.0.0.1:8081").described("URL", "the schema registry (http or https)");
    static final Setting MODEL_REGISTRY = Setting.of("--model-registry-url", "FLEET_MODEL_REGISTRY_URL",
            "model-registry.url").withDefault("http://127.0.0.1:8082").described("URL", "the model registry (http or https)");
    static final Setting REGISTRY_TOKEN = Setting.of("--registry-token", "FLEET_REGISTRY_TOKEN", "registry.token")
            .described("TOKEN", "bearer token sent to the model registry (prefer the variable or the file: a flag "
                    + "shows in the process list)");
    static final Setting SCHEMA_REGISTRY_USER_INFO = Setting.of("--schema-registry-user-info",
            "FLEET_SCHEMA_REGISTRY_USER_INFO", "schema-registry.basic-auth.user-info")
            .described("USER:PASSWORD", "HTTP basic auth for the schema registry, which needs it to register the "
                    + "predictions' schemas where it refuses anonymous writes (prefer the variable or the file)");
    static final Setting MODEL = Setting.of("--model", "FLEET_MODEL_NAME", "model.name").withDefault("anomaly")
            .described("NAME", "the registered model whose PRODUCTION version scores the events");
    static final Setting APPLICATION_ID = Setting.of("--application-id", "FLEET_APPLICATION_ID", "application.id")
            .withDefault("fleet-scoring")
            .described("ID", "shared by every instance of the pipeline (Kafka Streams' application.id)");
    static final Setting INSTANCE_ID = Setting.of("--instance-id", "FLEET_INSTANCE_ID", "instance.id")
            .described("ID", "unique per instance and stable across its restarts (static group membership); two "
                    + "instances on one host need one each").showingDefault("the host name");
    static final Setting HTTP_HOST = Setting.of("--http-host", "FLEET_HTTP_HOST", "http.host").withDefault("0.0.0.0")
            .described("HOST", "where GET /health/live, /health/ready and /metrics (Prometheus) listen");
    static final Setting HTTP_PORT = Setting.of("--http-port", "FLEET_HTTP_PORT", "http.port").withDefault("8080")
            .described("N", "the port of the health and metrics endpoints; 0 picks a free port");
    static final Setting STATE_DIR = Setting.of("--state-dir", "FLEET_STATE_DIR", "state.dir")
            .described("DIR", "Kafka Streams' state (the micro-batch buffer)")
            .showingDefault("<tmp>/fleet-inference/streams");
    static final Setting CACHE_DIR = Setting.of("--cache-dir", "FLEET_CACHE_DIR", "cache.dir")
            .described("DIR", "TensorFlow's native libraries and downloaded models")
            .showingDefault("~/.cache/fleet-inference");
    static final Setting EVENTS_TOPIC = Setting.of("--events-topic", "FLEET_EVENTS_TOPIC", "topics.events")
            .withDefault("device-events").described("NAME", "the topic devices publish FeatureEvents to");
    static final Setting DEAD_LETTER_TOPIC = Setting.of("--dead-letter-topic", "FLEET_DEAD_LETTER_TOPIC",
            "topics.dead-letters").withDefault("device-events.dlq")
            .described("NAME", "where events that cannot be scored go, with the reason in headers");
    static final Setting PREDICTIONS_PREFIX = Setting.of("--predictions-prefix", "FLEET_PREDICTIONS_PREFIX",
            "topics.predictions-prefix").withDefault("predictions.")
            .described("PREFIX", "a device's predictions go to PREFIX<deviceId>");
    static final Setting DEVICES_TOPIC = Setting.of("--devices-topic", "FLEET_DEVICES_TOPIC", "topics.devices")
            .withDefault(RegistryTopic.DEFAULT_NAME)
            .described("NAME", "the device registry's topic: only its active devices' signed events are scored");
    static final Setting EVENTS_PARTITIONS = Setting.of("--events-partitions", "FLEET_EVENTS_PARTITIONS",
            "topics.events-partitions").withDefault("4")
            .described("N", "partitions of the events and dead-letter topics if they do not exist yet (they are "
                    + "created then; existing topics are left as they are)");
    static final Setting PREDICTION_PARTITIONS = Setting.of("--predictions-partitions",
            "FLEET_PREDICTIONS_PARTITIONS", "topics.predictions-partitions").withDefault("1")
            .described("N", "partitions of a device's predictions topic, created on its first prediction");
    static final Setting PREDICTION_REPLICATION = Setting.of("--predictions-replication",
            "FLEET_PREDICTIONS_REPLICATION", "topics.predictions-replication")
            .described("N", "replication factor of a device's predictions topic").showingDefault("the broker's");
    static final Setting PREDICTION_RETENTION = Setting.of("--predictions-retention", "FLEET_PREDICTIONS_RETENTION",
            "topics.predictions-retention").withDefault("7d")
            .described("D", "retention of a device's predictions topic (durations: 500ms, 30s, 5m, 2h, 7d)");
    static final Setting GUARANTEE = Setting.of("--processing-guarantee", "FLEET_PROCESSING_GUARANTEE",
            "processing.guarantee").withDefault("exactly_once_v2").described("G", "exactly_once_v2 or at_least_once");
    static final Setting THREADS = Setting.of("--stream-threads", "FLEET_STREAM_THREADS", "stream.threads")
            .withDefault("1").described("N", "Kafka Streams threads, each with its own model predictor");
    // 50 ms: in ./fleet bench --commit-intervals (100 devices, exactly-once, secured) the same throughput as 100 ms
    // within the noise (50,302 and 53,119 events/s) and p50/p99 at 5,000 events/s 69/139 ms against 97/174 ms;
    // 20 ms and less lose a third of the throughput and more to the transactions' markers (docs/performance.md)
    static final Setting COMMIT_INTERVAL = Setting.of("--commit-interval", "FLEET_COMMIT_INTERVAL",
            "commit.interval").withDefault("50ms")
            .described("D", "how often offsets and predictions commit; under exactly-once a prediction is visible "
                    + "to read_committed readers once its transaction commits");
    static final Setting BATCH_SIZE = Setting.of("--batch-size", "FLEET_BATCH_SIZE", "batch.size").withDefault("256")
            .described("N", "events are scored in batches of up to N per model call, buffered in a changelogged "
                    + "store, so exactly-once holds; 1 scores each event on its own");
    static final Setting SCORING = Setting.of("--scoring", "FLEET_SCORING", "scoring").withDefault("model")
            .described("MODE", "model, or constant: for benchmarks only, every event scores 0 without calling the "
                    + "model, to measure the pipeline around it");
    static final Setting BATCH_MAX_WAIT = Setting.of("--batch-max-wait", "FLEET_BATCH_MAX_WAIT", "batch.max-wait")
            .withDefault("5ms").described("D", "a batch is scored once D has passed since its first event, full "
                    + "or not");
    static final Setting TF_INTRA_OP_THREADS = Setting.of("--tf-intra-op-threads", "FLEET_TF_INTRA_OP_THREADS",
            "tensorflow.intra.op.threads").withDefault(Integer.toString(TensorFlowSettings.DEFAULT_THREADS))
            .described("N", "TensorFlow's intra-op thread pool; 1 as each stream thread has its own predictor and "
                    + "batches give each call enough work: more threads compete with the stream threads on small "
                    + "machines");
    static final Setting TF_INTER_OP_THREADS = Setting.of("--tf-inter-op-threads", "FLEET_TF_INTER_OP_THREADS",
            "tensorflow.inter.op.threads").withDefault(Integer.toString(TensorFlowSettings.DEFAULT_THREADS))
            .described("N", "TensorFlow's inter-op thread pool (see --tf-intra-op-threads)");

    private static final List<Setting> SETTINGS = List.of(BOOTSTRAP, SCHEMA_REGISTRY, SCHEMA_REGISTRY_USER_INFO,
            MODEL_REGISTRY, REGISTRY_TOKEN,
            MODEL, APPLICATION_ID, INSTANCE_ID, HTTP_HOST, HTTP_PORT, STATE_DIR, CACHE_DIR, EVENTS_TOPIC,
            DEAD_LETTER_TOPIC, PREDICTIONS_PREFIX, DEVICES_TOPIC, EVENTS_PARTITIONS, PREDICTION_PARTITIONS, PREDICTION_REPLICATION,
            PREDICTION_RETENTION, GUARANTEE, THREADS, COMMIT_INTERVAL, BATCH_SIZE, BATCH_MAX_WAIT, SCORING,
            TF_INTRA_OP_THREADS, TF_INTER_OP_THREADS);
    private static final Set<String> GUARANTEES = Set.of("exactly_once_v2", "at_least_once");
    /** Keys of the properties file under this prefix go to Kafka Streams and its clients as they are. */
    static final String KAFKA_PREFIX = "kafka.";
    /** Kafka settings the app sets from its own options, or needs as they are: refused under {@link #KAFKA_PREFIX}. */
    private static final Map<String, String> OWNED = Map.ofEntries(
            Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID.flag()),
            Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP.flag()),
            Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, GUARANTEE.flag()),
            Map.entry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, THREADS.flag()),
            Map.entry(StreamsConfig.STATE_DIR_CONFIG, STATE_DIR.flag()),
            Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL.flag()),
            Map.entry(StreamsConfig.CLIENT_ID_CONFIG, APPLICATION_ID.flag() + " and " + INSTANCE_ID.flag()),
            Map.entry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, INSTANCE_ID.flag()),
            Map.entry(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), INSTANCE_ID.flag()),
            Map.entry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, "the app's dead-letter handling"),
            Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, "the app's dead-letter handling"),
            Map.entry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, "the app's dead-letter handling"),
            // the deprecated names of two of them: Kafka Streams would ignore them beside ours, with only a warning
            Map.entry("default.deserialization.exception.handler", "the app's dead-letter handling"),
            Map.entry("default.production.exception.handler", "the app's dead-letter handling"),
            Map.entry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
                    "the app's topic provisioning"));
    // a bound against typos only: TensorFlow makes a thread for each
    private static final int MAX_TF_THREADS = 1024;

    static final Command COMMAND = Command.named("stream-app")
            .description("""
                    Scores every FeatureEvent on the events topic with the PRODUCTION version of a model from the
                    model registry and writes each prediction to its device's topic, predictions.<deviceId>. Events
                    that cannot be scored go to the dead-letter topic with the reason in headers. A newly promoted
                    version is loaded and swapped in while running. Exactly-once by default.""")
            .settings(SETTINGS)
            .footer("""
                    Keys of the --config file that start with "kafka." are passed to Kafka Streams and its clients
                    (the model catalog's reader too) without the prefix, e.g. kafka.security.protocol=SASL_SSL;
                    settings the options above own are refused.""")
            .build();

    static final String USAGE = COMMAND.usage();

    private StreamAppOptions() {
    }

    /**
     * Kafka Streams and client settings the app sets itself, each with what sets it instead (an option, or the app's
     * own handling); immutable. The app refuses them under {@code kafka.} in its config file, and the
     * benchmark in its {@code --kafka}.
     */
    public static Map<String, String> ownedKafkaKeys() {
        return OWNED;
    }

    /** The config, or empty if {@code --help} was asked for; an {@link IllegalArgumentException} naming a bad setting. */
    static Optional<StreamAppConfig> parse(List<String> args, Map<String, String> env) {
        Settings settings = COMMAND.parse(args, env);
        if (settings.has("--help") || settings.has("-h")) {
            return Optional.empty();
        }
        String model = settings.requiredNotBlank(MODEL);
        try {
            ModelNames.check(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODEL.describe() + ": " + e.getMessage());
        }
        String guarantee = settings.requiredNotBlank(GUARANTEE);
        if (!GUARANTEES.contains(guarantee)) {
            throw new IllegalArgumentException(GUARANTEE.describe() + " must be exactly_once_v2 or at_least_once, got '"
                    + guarantee + "'");
        }
        Duration commitInterval = settings.duration(COMMIT_INTERVAL);
        if (commitInterval.isZero()) {
            throw new IllegalArgumentException(COMMIT_INTERVAL.describe() + " must be above zero");
        }
        Map<String, String> kafka = kafkaSettings(settings);
        Optional<Short> replication = settings.given(PREDICTION_REPLICATION)
                .map(v -> (short) settings.integer(PREDICTION_REPLICATION, 1, Short.MAX_VALUE));
        return Optional.of(new StreamAppConfig(
                settings.requiredNotBlank(BOOTSTRAP),
                url(settings, SCHEMA_REGISTRY),
                url(settings, MODEL_REGISTRY),
                settings.given(REGISTRY_TOKEN),
                userInfo(settings),
                model,
                topicName(settings, APPLICATION_ID),
                instanceId(settings),
                settings.requiredNotBlank(HTTP_HOST),
                settings.port(HTTP_PORT),
                settings.given(STATE_DIR).map(Path::of)
                        .orElse(Path.of(System.getProperty("java.io.tmpdir"), "fleet-inference", "streams")),
                settings.given(CACHE_DIR).map(Path::of)
                        .orElse(Path.of(System.getProperty("user.home"), ".cache", "fleet-inference")),
                topics(settings),
                settings.integer(EVENTS_PARTITIONS, 1, 10_000),
                new PredictionTopicSpec(settings.integer(PREDICTION_PARTITIONS, 1, 10_000), replication,
                        positive(settings, PREDICTION_RETENTION)),
                guarantee,
                settings.integer(THREADS, 1, 64),
                commitInterval,
                new BatchSettings(settings.integer(BATCH_SIZE, 1, 65_536), positive(settings, BATCH_MAX_WAIT)),
                scoring(settings),
                settings.integer(TF_INTRA_OP_THREADS, 1, MAX_TF_THREADS),
                settings.integer(TF_INTER_OP_THREADS, 1, MAX_TF_THREADS),
                kafka));
    }

    private static Map<String, String> kafkaSettings(Settings settings) {
        Map<String, String> kafka = settings.fileEntries(KAFKA_PREFIX);
        for (String key : kafka.keySet()) {
            if (OWNED.containsKey(key) || key.startsWith("fleet.")) {
                throw new IllegalArgumentException("the config file sets '" + KAFKA_PREFIX + key + "', which the app "
                        + "sets itself; use " + OWNED.getOrDefault(key, "no such key") + " instead");
            }
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "check");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "check:9092");
        props.putAll(kafka);
        try {
            new StreamsConfig(props);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("a '" + KAFKA_PREFIX + "' setting in the config file is refused by "
                    + "Kafka Streams: " + e.getMessage());
        }
        return kafka;
    }

    private static Optional<String> userInfo(Settings settings) {
        Optional<String> userInfo = settings.given(SCHEMA_REGISTRY_USER_INFO);
        // a secret: the message never echoes it
        if (userInfo.filter(info -> info.indexOf(':') < 1).isPresent()) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_USER_INFO.describe() + " must have the form "
                    + "'user:password' with a non-empty user");
        }
        return userInfo;
    }

    private static ScoringMode scoring(Settings settings) {
        String mode = settings.requiredNotBlank(SCORING);
        return switch (mode) {
            case "model" -> ScoringMode.MODEL;
            case "constant" -> ScoringMode.CONSTANT;
            default -> throw new IllegalArgumentException(SCORING.describe() + " must be model or constant, got '"
                    + mode + "'");
        };
    }

    private static String instanceId(Settings settings) {
        String id = settings.given(INSTANCE_ID).orElseGet(StreamAppOptions::hostName);
        // it names the instance's clients and group member: Kafka's rule for topic names keeps it safe everywhere
        if (!Topic.isValid(id)) {
            throw new IllegalArgumentException(INSTANCE_ID.describe() + " must hold only [a-zA-Z0-9._-], at most 249 "
                    + "characters" + (settings.given(INSTANCE_ID).isEmpty() ? " (the default is the host name, '"
                    + id + "'; set one)" : "") + ", got '" + id + "'");
        }
        return id;
    }

    private static PipelineTopics topics(Settings settings) {
        String prefix = settings.requiredNotBlank(PREDICTIONS_PREFIX);
        DeviceTopics predictions;
        try {
            predictions = new DeviceTopics(prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREDICTIONS_PREFIX.describe() + ": " + e.getMessage());
        }
        return new PipelineTopics(topicName(settings, EVENTS_TOPIC), topicName(settings, DEAD_LETTER_TOPIC),
                predictions, topicName(settings, DEVICES_TOPIC));
    }

    private static String topicName(Settings settings, Setting setting) {
        String name = settings.requiredNotBlank(setting);
        if (!Topic.isValid(name)) {
            throw new IllegalArgumentException(setting.describe() + " must be a Kafka name ([a-zA-Z0-9._-], at most "
                    + "249 characters), got '" + name + "'");
        }
        return name;
    }

    private static String url(Settings settings, Setting setting) {
        String url = settings.requiredNotBlank(setting);
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting.describe() + " must be an http(s) URL, got '" + url + "'");
        }
        return url;
    }

    private static Duration positive(Settings settings, Setting setting) {
        Duration value = settings.duration(setting);
        if (value.isZero()) {
            throw new IllegalArgumentException(setting.describe() + " must be above zero");
        }
        return value;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot find this host's name for the default of "
                    + INSTANCE_ID.describe() + "; set it", e);
        }
    }
}
