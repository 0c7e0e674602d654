package dev.fleetinference.devices;

import dev.fleetinference.devices.registry.PipelineAccess;
import dev.fleetinference.devices.registry.RegistryConfig;
import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.settings.Switch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The {@code devices} command's subcommands and settings (flag, {@code FLEET_*} variable, file key, default). */
final class DevicesOptions {

    static final Setting BOOTSTRAP = Setting.of("--bootstrap-servers", "FLEET_BOOTSTRAP_SERVERS", "bootstrap.servers")
            .described("HOST:PORT", "the Kafka cluster (required)");
    static final Setting KAFKA_PROPERTIES = Setting.of("--kafka-properties", "FLEET_KAFKA_PROPERTIES",
                    "client.properties-file")
            .described("FILE", "Kafka client settings of an admin principal, as Kafka's own tools take them (the "
                    + "stack's admin.properties on a secured stack); kafka.* keys of the --config file add to them");
    static final Setting TOPIC = Setting.of("--devices-topic", "FLEET_DEVICES_TOPIC", "topics.devices")
            .withDefault(RegistryTopic.DEFAULT_NAME).described("NAME", "the device registry's compacted topic");
    static final Setting EVENTS_TOPIC = Setting.of("--events-topic", "FLEET_EVENTS_TOPIC", "topics.events")
            .withDefault("device-events").described("NAME", "the topic devices publish FeatureEvents to");
    static final Setting PREDICTIONS_PREFIX = Setting.of("--predictions-prefix", "FLEET_PREDICTIONS_PREFIX",
            "topics.predictions-prefix").withDefault("predictions.")
            .described("PREFIX", "a device's predictions topic is this prefix followed by its deviceId");
    static final Setting PREDICTION_PARTITIONS = Setting.of("--predictions-partitions",
            "FLEET_PREDICTIONS_PARTITIONS", "topics.predictions-partitions").withDefault("1")
            .described("N", "partitions of each device's predictions topic");
    static final Setting PREDICTION_REPLICATION = Setting.of("--predictions-replication",
            "FLEET_PREDICTIONS_REPLICATION", "topics.predictions-replication")
            .showingDefault("the cluster's").described("N", "replicas of each device's predictions topic");
    static final Setting PREDICTION_RETENTION = Setting.of("--predictions-retention", "FLEET_PREDICTIONS_RETENTION",
            "topics.predictions-retention").withDefault("7d")
            .described("DURATION", "how long a device's predictions are kept (e.g. 12h, 7d)");
    static final Setting COHORT = Setting.of("--cohort", "FLEET_DEVICE_COHORT", "device.cohort")
            .described("NAME", "a group of devices the operator chose (a site, a hardware line)");
    static final Setting WRITE_PROPERTIES = Setting.flagOnly("--write-properties")
            .described("DIR", "write each device's client settings to DIR/<deviceId>.properties (mode 600) instead "
                    + "of printing them");

    static final Setting PIPELINE_USER = Setting.of("--name", "FLEET_PIPELINE_PRINCIPAL", "pipeline.principal")
            .withDefault("fleet-pipeline").described("NAME", "the pipeline's principal, User:NAME");
    static final Setting APPLICATION_ID = Setting.of("--application-id", "FLEET_APPLICATION_ID", "application.id")
            .withDefault("fleet-scoring").described("ID", "the pipeline's Kafka Streams application id");
    static final Setting DEAD_LETTER_TOPIC = Setting.of("--dead-letter-topic", "FLEET_DEAD_LETTER_TOPIC",
            "topics.dead-letters").withDefault("device-events.dlq").described("NAME", "the pipeline's dead letters");
    static final Setting CATALOG_TOPIC = Setting.of("--model-registry-topic", "FLEET_REGISTRY_TOPIC",
            "registry.topic").withDefault("_model-registry").described("NAME", "the model registry's catalog");
    static final Setting EVENTS_PARTITIONS = Setting.of("--events-partitions", "FLEET_EVENTS_PARTITIONS",
            "topics.events-partitions").withDefault("4")
            .described("N", "partitions of the events and dead-letter topics if they have to be created");

    private static final List<Setting> COMMON = List.of(BOOTSTRAP, KAFKA_PROPERTIES, TOPIC, EVENTS_TOPIC,
            PREDICTIONS_PREFIX, PREDICTION_PARTITIONS, PREDICTION_REPLICATION, PREDICTION_RETENTION);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final Command ADD = Command.named("add")
            .description("""
                    Registers devices: each gets its predictions topic, a signing key for its events and, on a \
                    secured cluster, a SCRAM credential with LITERAL ACLs (write the events topic, read its own \
                    predictions topic and group). The password and key are handed out once, here. Registering a \
                    registered device hands out nothing and repairs what it misses.""")
            .parameters("DEVICE_ID...", "the deviceIds to register")
            .settings(with(COHORT, WRITE_PROPERTIES)).build();
    static final Command LIST = Command.named("list")
            .description("Lists every registered device, revoked ones too.").settings(COMMON).build();
    static final Command SHOW = Command.named("show")
            .description("Shows one device's record (never its key).")
            .parameters("DEVICE_ID", "the device").settings(COMMON).build();
    static final Command REVOKE = Command.named("revoke")
            .description("""
                    Revokes devices: the pipeline refuses their events from then on (dead letters, reason \
                    revoked-device), their ACLs and credential are removed; their topics keep their data.""")
            .parameters("DEVICE_ID...", "the devices").settings(COMMON).build();
    static final Command ROTATE = Command.named("rotate")
            .description("""
                    Issues a device a new password and signing key; the old ones stop working at once (events in \
                    flight signed with the old key become dead letters, reason unauthenticated).""")
            .parameters("DEVICE_ID", "the device").settings(with(WRITE_PROPERTIES)).build();
    static final Command RECONCILE = Command.named("reconcile")
            .description("""
                    Compares the registry with the cluster (each device's topic, ACLs and credential; topics and \
                    ACLs of no registered device) and reports the drift; --repair creates what is missing and \
                    removes what should be gone. Exits 1 if drift remains.""")
            .switches(Switch.of("--repair", "repair what can be repaired"))
            .settings(COMMON).build();

    static final Command PIPELINE = Command.named("pipeline-principal")
            .description("""
                    Makes the scoring pipeline's own principal (or gives it a new password) with the least \
                    privilege that works (docs/security.md has the table), creates the topics it shares if \
                    missing, and hands out its settings once: printed, or with --write-properties DIR as \
                    DIR/<name>.properties in the stream app's --config format (kafka.* keys).""")
            .settings(with(PIPELINE_USER, APPLICATION_ID, DEAD_LETTER_TOPIC, CATALOG_TOPIC, EVENTS_PARTITIONS,
                    WRITE_PROPERTIES)).build();

    static final Command COMMAND = Command.named("devices")
            .description("The device registry: register, list, show, revoke and rotate the fleet's devices; the "
                    + "pipeline's principal.")
            .subcommands(ADD, LIST, SHOW, REVOKE, ROTATE, RECONCILE, PIPELINE)
            .build();

    private DevicesOptions() {
    }

    private static List<Setting> with(Setting... more) {
        List<Setting> settings = new ArrayList<>(COMMON);
        settings.addAll(List.of(more));
        return settings;
    }

    /** The pipeline's access from {@code pipeline-principal}'s settings. */
    static PipelineAccess pipelineAccess(Settings settings) {
        return new PipelineAccess(settings.required(APPLICATION_ID), settings.required(EVENTS_TOPIC),
                settings.required(DEAD_LETTER_TOPIC), settings.required(TOPIC), settings.required(CATALOG_TOPIC),
                settings.required(PREDICTIONS_PREFIX));
    }

    /** The registry's config from a selected subcommand's settings; fails naming the setting. */
    static RegistryConfig config(Settings settings) {
        String prefix = settings.required(PREDICTIONS_PREFIX);
        Optional<Short> replication = settings.value(PREDICTION_REPLICATION)
                .map(value -> (short) settings.integer(PREDICTION_REPLICATION, 1, Short.MAX_VALUE));
        PredictionTopicSpec spec = new PredictionTopicSpec(settings.integer(PREDICTION_PARTITIONS, 1, 10_000),
                replication, settings.duration(PREDICTION_RETENTION));
        return new RegistryConfig(settings.required(BOOTSTRAP), clientSettings(settings), settings.required(TOPIC),
                settings.required(EVENTS_TOPIC), prefix, spec, TIMEOUT);
    }

    private static Map<String, String> clientSettings(Settings settings) {
        Map<String, String> client = new TreeMap<>(settings.propertiesFile(KAFKA_PROPERTIES));
        client.putAll(settings.fileEntries("kafka."));
        client.remove("bootstrap.servers");
        return client;
    }
}
