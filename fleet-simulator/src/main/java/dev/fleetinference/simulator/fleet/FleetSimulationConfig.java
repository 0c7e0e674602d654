package dev.fleetinference.simulator.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one run of the simulated fleet needs, validated when built.
 *
 * @param bootstrapServers  the Kafka cluster
 * @param schemaRegistryUrl the Confluent-compatible schema registry the Avro serdes use
 * @param topics            the events topic and the per-device predictions topics
 * @param devices           how many devices: {@code device-0001} to {@code device-<devices>}
 * @param failingShare      the share of devices in a failure mode from their first event, in [0, 1]
 * @param seed              drives the devices' machines and noise: the same seed gives the same fleet
 * @param eventsPerSecond   the whole fleet's send rate; each device sends {@code eventsPerSecond / devices}
 * @param limit             when to stop sending
 * @param grace             how long to wait after the last send for predictions still in flight
 * @param startTimeout      how long to wait for Kafka and the events topic before giving up
 * @param progressInterval  how often a progress listener hears from the run
 * @param clientSettings    further settings of its Kafka clients (security, say): the fleet's gateway, which writes
 *                          every device's events, reads every device's predictions and registers the devices
 * @param schemaRegistryUserInfo "user:password" sent to the schema registry as basic auth, which registering the
 *                          FeatureEvent schema needs where it refuses anonymous writes; empty: none
 */
public record FleetSimulationConfig(String bootstrapServers, String schemaRegistryUrl, Topics topics, int devices,
                                    double failingShare, long seed, double eventsPerSecond, SendLimit limit,
                                    Duration grace, Duration startTimeout, Duration progressInterval,
                                    Map<String, String> clientSettings, Optional<String> schemaRegistryUserInfo) {

    public static final int DEFAULT_DEVICES = 50;
    public static final double DEFAULT_FAILING_SHARE = 0.2;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_EVENTS_PER_SECOND = 500;
    public static final SendLimit DEFAULT_LIMIT = SendLimit.duration(Duration.ofSeconds(30));
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** Device ids have four digits up to here; more devices than this is a different kind of test. */
    public static final int MAX_DEVICES = 9_999;
    public static final double MAX_EVENTS_PER_SECOND = 1_000_000;

    public FleetSimulationConfig {
        requireText("bootstrapServers", bootstrapServers);
        requireText("schemaRegistryUrl", schemaRegistryUrl);
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(limit, "limit");
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("devices must be from 1 to " + MAX_DEVICES + ", was " + devices);
        }
        if (!(failingShare >= 0 && failingShare <= 1)) {
            throw new IllegalArgumentException("failingShare must be in [0, 1], was " + failingShare);
        }
        if (!(eventsPerSecond > 0 && eventsPerSecond <= MAX_EVENTS_PER_SECOND)) {
            throw new IllegalArgumentException("eventsPerSecond must be above 0 and at most " + MAX_EVENTS_PER_SECOND
                    + ", was " + eventsPerSecond);
        }
        requireNotNegative("grace", grace);
        requirePositive("startTimeout", startTimeout);
        requirePositive("progressInterval", progressInterval);
        clientSettings = Map.copyOf(clientSettings);
        Objects.requireNonNull(schemaRegistryUserInfo, "schemaRegistryUserInfo");
        // a secret: the message never echoes it
        if (schemaRegistryUserInfo.filter(info -> info.indexOf(':') < 1).isPresent()) {
            throw new IllegalArgumentException("schemaRegistryUserInfo must have the form 'user:password'");
        }
    }

    /** The defaults: 50 devices, a fifth failing, 500 events/s for 30 s, 10 s grace, the pipeline's topics. */
    public static FleetSimulationConfig of(String bootstrapServers, String schemaRegistryUrl) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, Topics.DEFAULT, DEFAULT_DEVICES,
                DEFAULT_FAILING_SHARE, DEFAULT_SEED, DEFAULT_EVENTS_PER_SECOND, DEFAULT_LIMIT, DEFAULT_GRACE,
                DEFAULT_START_TIMEOUT, DEFAULT_PROGRESS_INTERVAL, Map.of(), Optional.empty());
    }

    public FleetSimulationConfig withTopics(Topics value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, value, devices, failingShare, seed,
                eventsPerSecond, limit, grace, startTimeout, progressInterval, clientSettings,
                schemaRegistryUserInfo);
    }

    public FleetSimulationConfig withDevices(int value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, value, failingShare, seed,
                eventsPerSecond, limit, grace, startTimeout, progressInterval, clientSettings,
                schemaRegistryUserInfo);
    }

    public FleetSimulationConfig withFailingShare(double value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, devices, value, seed,
                eventsPerSecond, limit, grace, startTimeout, progressInterval, clientSettings,
                schemaRegistryUserInfo);
    }

    public FleetSimulationConfig withSeed(long value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, devices, failingShare, value,
                eventsPerSecond, limit, grace, startTimeout, progressInterval, clientSettings,
                schemaRegistryUserInfo);
    }

    public FleetSimulationConfig withEventsPerSecond(double value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, devices, failingShare, seed,
                value, limit, grace, startTimeout, progressInterval, clientSettings,
                schemaRegistryUserInfo);
    }

    public FleetSimulationConfig withLimit(SendLimit value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, devices, failingShare, seed,
                eventsPerSecond, value, grace, startTimeout, progressInterval, clientSettings,
                schemaRegistryUserInfo);
    }

    public FleetSimulationConfig withGrace(Duration value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, devices, failingShare, seed,
                eventsPerSecond, limit, value, startTimeout, progressInterval, clientSettings,
                schemaRegistryUserInfo);
    }

    public FleetSimulationConfig withStartTimeout(Duration value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, devices, failingShare, seed,
                eventsPerSecond, limit, grace, value, progressInterval, clientSettings,
                schemaRegistryUserInfo);
    }

    public FleetSimulationConfig withProgressInterval(Duration value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, devices, failingShare, seed,
                eventsPerSecond, limit, grace, startTimeout, value, clientSettings,
                schemaRegistryUserInfo);
    }

    public FleetSimulationConfig withClientSettings(Map<String, String> value) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, devices, failingShare, seed,
                eventsPerSecond, limit, grace, startTimeout, progressInterval, value,
                schemaRegistryUserInfo);
    }

    /** With {@code userInfo} ("user:password") sent to the schema registry as basic auth. */
    public FleetSimulationConfig withSchemaRegistryUserInfo(Optional<String> userInfo) {
        return new FleetSimulationConfig(bootstrapServers, schemaRegistryUrl, topics, devices, failingShare, seed,
                eventsPerSecond, limit, grace, startTimeout, progressInterval, clientSettings, userInfo);
    }

    // the generated toString would print passwords
    @Override
    public String toString() {
        return "FleetSimulationConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl="
                + schemaRegistryUrl + ", topics=" + topics + ", devices=" + devices + ", eventsPerSecond="
                + eventsPerSecond + ", limit=" + limit + ", clientSettings=" + clientSettings.keySet()
                + ", schemaRegistryUserInfo=" + schemaRegistryUserInfo.map(info -> info.substring(0, info.indexOf(':'))
                        + ":****").orElse("none") + "]";
    }

    private static void requireText(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        requireNotNegative(name, value);
        if (value.isZero()) {
            throw new IllegalArgumentException(name + " must be above zero");
        }
    }
}
