package dev.fleetinference.simulator;

import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.simulator.fleet.FleetSimulationConfig;
import dev.fleetinference.simulator.fleet.SendLimit;
import dev.fleetinference.simulator.fleet.Topics;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulate command's settings, from (strongest first) flags, environment variables, a properties file, then
 * defaults. A bad value fails at start naming the flag, the variable and the key.
 */
record SimulatorOptions(FleetSimulationConfig config) {

    private static final Setting BOOTSTRAP = Setting.of(
            "--bootstrap-servers", "FLEET_BOOTSTRAP_SERVERS", "bootstrap.servers").withDefault("127.0.0.1:9092")
            .described("HOST:PORT", "the Kafka brokers to connect to");
    private static final Setting SCHEMA_REGISTRY = Setting.of(
            "--schema-registry-url", "FLEET_SCHEMA_REGISTRY_URL", "schema-registry.url")
            .withDefault("http://127.0.0.1:8081").described("URL", "the schema registry's base URL");
    private static final Setting SCHEMA_REGISTRY_USER_INFO = Setting.of("--schema-registry-user-info",
            "FLEET_SCHEMA_REGISTRY_USER_INFO", "schema-registry.basic-auth.user-info")
            .described("USER:PASSWORD", "HTTP basic auth for the schema registry, which needs it to register the "
                    + "FeatureEvent schema where it refuses anonymous writes (prefer the variable or the file)");
    private static final Setting DEVICES = Setting.of("--devices", "FLEET_DEVICES", "simulator.devices")
            .withDefault(Integer.toString(FleetSimulationConfig.DEFAULT_DEVICES))
            .described("N", "devices device-0001 to device-N (1-" + FleetSimulationConfig.MAX_DEVICES + ")");
    private static final Setting RATE = Setting.of("--rate", "FLEET_RATE", "simulator.rate").withDefault("500")
            .described("N", "the whole fleet's send rate, events a second; each device sends rate/N events a second");
    private static final Setting DURATION = Setting.of("--duration", "FLEET_DURATION", "simulator.duration")
            .described("TIME", "how long to send; TIME is e.g. 500ms, 30s, 2m, 1h or PT30S")
            .showingDefault("30s, none when only --events is given");
    private static final Setting EVENTS = Setting.of("--events", "FLEET_EVENTS", "simulator.events")
            .described("N", "how many events to send in all; with --duration too, whichever comes first");
    private static final Setting FAILING_SHARE = Setting.of(
            "--failing-share", "FLEET_FAILING_SHARE", "simulator.failing-share").withDefault("0.2")
            .described("SHARE", "the share of devices in a failure mode, from 0 to 1");
    private static final Setting GRACE = Setting.of("--grace", "FLEET_GRACE", "simulator.grace").withDefault("10s")
            .described("TIME", "how long to wait after the last send for predictions; events still unanswered "
                    + "then are reported missing");
    private static final Setting SEED = Setting.of("--seed", "FLEET_SEED", "simulator.seed")
            .withDefault(Long.toString(FleetSimulationConfig.DEFAULT_SEED))
            .described("N", "the same seed gives the same machines, failures and sensor noise");
    private static final Setting START_TIMEOUT = Setting.of(
            "--start-timeout", "FLEET_START_TIMEOUT", "simulator.start-timeout").withDefault("60s")
            .described("TIME", "how long to wait for Kafka and the events topic before giving up");
    private static final Setting EVENTS_TOPIC = Setting.of("--events-topic", "FLEET_EVENTS_TOPIC", "topics.events")
            .withDefault(Topics.DEFAULT.events()).described("NAME", "the topic the devices send their events to");
    private static final Setting PREDICTIONS_PREFIX = Setting.of(
            "--predictions-topic-prefix", "FLEET_PREDICTIONS_TOPIC_PREFIX", "topics.predictions-prefix")
            .withDefault(Topics.DEFAULT.predictionsPrefix())
            .described("P", "each device's predictions topic is P followed by its id");

    private static final Setting DEVICES_TOPIC = Setting.of("--devices-topic", "FLEET_DEVICES_TOPIC", "topics.devices")
            .withDefault(Topics.DEFAULT.devices())
            .described("NAME", "the device registry's topic: the fleet registers its devices there before it sends");

    private static final Setting KAFKA_PROPERTIES = Setting.of("--kafka-properties", "FLEET_KAFKA_PROPERTIES",
                    "client.properties-file")
            .described("FILE", "Kafka client settings for the fleet's clients (on a secured stack its "
                    + "admin.properties: the simulator registers its devices and reads every device's topic)");

    private static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    /** {@code fleet-simulator simulate}. */
    static final Command COMMAND = Command.named("simulate")
            .description("""
                    Runs a simulated fleet of devices against Kafka and prints what it sent and got back.
                    Each device publishes FeatureEvents (Avro, keyed by its id) to the events topic and reads its
                    own predictions topic predictions.<deviceId>; the whole fleet sends at the given rate. A share
                    of the devices is in a failure mode (bearing wear, a stuck sensor, an electrical fault) from
                    the start. At the end it prints what was sent and answered, what is missing, duplicates, the
                    anomalies flagged, the round trip (event sent to prediction received) at p50/p95/p99/max,
                    each device's first prediction (the round trip of its first event: what a new device waits)
                    at p50/p99/max, the send rate achieved and the predictions per model version.""")
            .settings(List.of(BOOTSTRAP, SCHEMA_REGISTRY, SCHEMA_REGISTRY_USER_INFO, DEVICES, RATE, DURATION, EVENTS, FAILING_SHARE, GRACE, SEED,
                    START_TIMEOUT, EVENTS_TOPIC, PREDICTIONS_PREFIX, DEVICES_TOPIC, KAFKA_PROPERTIES))
            .footer("""
                    The events topic must exist (the pipeline creates it). Before it sends, the fleet registers its
                    devices device-0001... in the device registry (as `fleet devices add` would: each its predictions
                    topic and signing key; registered devices keep theirs) and signs every event with its device's
                    key, so it needs the registry topic's admin rights on a secured cluster. Ctrl-C stops sending, waits the grace period for the answers and
                    prints the report. Exit status: 0 when the run completed (the report says how well), 1 when it
                    could not run, 2 on bad usage.""")
            .build();

    /** The options the arguments, environment and file give; IllegalArgumentException naming the setting if bad. */
    static SimulatorOptions parse(List<String> args, Map<String, String> env) {
        return of(COMMAND.parse(args, env));
    }

    /** The options of a parsed command line; IllegalArgumentException naming the setting if bad. */
    static SimulatorOptions of(Settings settings) {
        String registryUrl = settings.required(SCHEMA_REGISTRY);
        try {
            SchemaRegistryClientConfig.of(registryUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY.describe() + ": " + e.getMessage(), e);
        }
        Optional<String> userInfo = settings.given(SCHEMA_REGISTRY_USER_INFO);
        if (userInfo.filter(info -> info.indexOf(':') < 1).isPresent()) {
            // a secret: the message never echoes it
            throw new IllegalArgumentException(SCHEMA_REGISTRY_USER_INFO.describe() + " must have the form "
                    + "'user:password' with a non-empty user");
        }
        Topics topics;
        try {
            topics = new Topics(settings.required(EVENTS_TOPIC), settings.required(PREDICTIONS_PREFIX),
                    settings.required(DEVICES_TOPIC));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(EVENTS_TOPIC.describe() + " / " + PREDICTIONS_PREFIX.describe() + ": "
                    + e.getMessage(), e);
        }
        FleetSimulationConfig config = FleetSimulationConfig.of(settings.required(BOOTSTRAP), registryUrl)
                .withTopics(topics)
                .withDevices(settings.integer(DEVICES, 1, FleetSimulationConfig.MAX_DEVICES))
                .withEventsPerSecond(decimal(settings, RATE, Double.MIN_VALUE,
                        FleetSimulationConfig.MAX_EVENTS_PER_SECOND, "a number of events per second above 0 and at "
                                + "most " + (long) FleetSimulationConfig.MAX_EVENTS_PER_SECOND))
                .withLimit(limit(settings))
                .withFailingShare(decimal(settings, FAILING_SHARE, 0, 1, "a share from 0 to 1"))
                .withGrace(duration(settings, GRACE, true))
                .withSeed(whole(settings, SEED))
                .withStartTimeout(duration(settings, START_TIMEOUT, false))
                .withClientSettings(settings.propertiesFile(KAFKA_PROPERTIES))
                .withSchemaRegistryUserInfo(userInfo);
        return new SimulatorOptions(config);
    }

    private static SendLimit limit(Settings settings) {
        OptionalLong events = settings.given(EVENTS).isPresent()
                ? OptionalLong.of(settings.integer(EVENTS, 1, Integer.MAX_VALUE))
                : OptionalLong.empty();
        Optional<Duration> duration = settings.given(DURATION).isPresent()
                ? Optional.of(duration(settings, DURATION, false))
                : events.isPresent() ? Optional.empty() : Optional.of(DEFAULT_DURATION);
        return new SendLimit(events, duration);
    }

    private static double decimal(Settings settings, Setting setting, double min, double max, String what) {
        String text = settings.required(setting);
        try {
            double value = Double.parseDouble(text);
            if (!(value >= min && value <= max)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.describe() + " must be " + what + ", got '" + text + "'");
        }
    }

    private static long whole(Settings settings, Setting setting) {
        String text = settings.required(setting);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.describe() + " must be a whole number, got '" + text + "'");
        }
    }

    /** A time such as 500ms, 30s, 2m, 1.5h, or ISO-8601 (PT30S). */
    static Duration duration(Settings settings, Setting setting, boolean zeroAllowed) {
        String text = settings.required(setting);
        Duration value;
        try {
            value = parseDuration(text);
        } catch (ArithmeticException | DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(setting.describe() + " must be a time such as 500ms, 30s, 2m or PT30S, "
                    + "got '" + text + "'");
        }
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(setting.describe() + " must be " + (zeroAllowed ? "zero or more" : "above zero")
                    + ", got '" + text + "'");
        }
        return value;
    }

    private static Duration parseDuration(String text) {
        Matcher matcher = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        double amount = Double.parseDouble(matcher.group(1));
        long nanosPerUnit = switch (matcher.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        double nanos = amount * nanosPerUnit;
        if (nanos > Long.MAX_VALUE) {
            throw new ArithmeticException("too long");
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
