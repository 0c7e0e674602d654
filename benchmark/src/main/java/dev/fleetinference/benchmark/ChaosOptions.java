package dev.fleetinference.benchmark;

import static dev.fleetinference.benchmark.SettingValues.CACHE_DIR;
import static dev.fleetinference.benchmark.SettingValues.duration;
import static dev.fleetinference.benchmark.SettingValues.integer;

import dev.fleetinference.localstack.BrokerCount;
import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.settings.Switch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The chaos run's settings, from (strongest first) flags, environment variables, a properties file, then defaults;
 * {@code --quick} only changes the defaults. A bad value fails at start naming the flag, the variable and the key.
 *
 * @param scenarios  the scenarios to run, by number, in order
 * @param rate       the steady load, events a second
 * @param devices    devices sending it, {@code device-0001} on
 * @param partitions partitions of the events topic
 * @param brokers    Kafka brokers of the embedded cluster: 3 (replication 3, {@code min.insync.replicas} 2), or 1
 * @param groupProtocol the instances' rebalance protocol: {@code classic} or {@code streams} (KIP-1071)
 * @param instanceConfig a stream-app config file every instance reads, if given
 * @param settle     how long the load runs before the first fault, between faults and after the last
 * @param outage     how long a registry (or a broker) stays down
 * @param kills      SIGKILLs of scenario 1
 * @param poison     bad records of scenario 7
 * @param out        where the instances' logs and the table go
 * @param root       the checkout, where {@code models/} is
 * @param cacheDir   TensorFlow's natives and downloaded models
 * @param insecure   an open stack (plaintext, no SASL, no ACLs) instead of the secured one
 * @param quick      the short-form defaults
 * @param help       print usage and stop
 */
record ChaosOptions(List<Integer> scenarios, double rate, int devices, int partitions, int brokers,
                    String groupProtocol, Optional<Path> instanceConfig, Duration settle, Duration outage, int kills,
                    int poison, Path out, Path root, Path cacheDir, boolean insecure, boolean quick,
                    boolean help) {

    /** The instances every scenario starts with. */
    static final int INSTANCES = 3;
    static final int SCENARIOS = 7;

    private static final Setting SCENARIO = Setting.of("--scenario", "FLEET_CHAOS_SCENARIO", "chaos.scenario")
            .withDefault("1,2,3,4,5,6,7").described("LIST", "which scenarios to run, by number (e.g. 1 or 1,7)");
    private static final Setting RATE = Setting.of("--rate", "FLEET_CHAOS_RATE", "chaos.rate").withDefault("1000")
            .described("N", "the steady load every scenario runs under, events a second");
    private static final Setting DEVICES = Setting.of("--devices", "FLEET_CHAOS_DEVICES", "chaos.devices")
            .withDefault("50").described("N", "devices sending the load, device-0001 on, keyed by device id");
    private static final Setting PARTITIONS = Setting.of("--partitions", "FLEET_CHAOS_PARTITIONS",
            "chaos.partitions").withDefault("6").described("N", "partitions of the events topic");
    // a fleet's cluster has several brokers: one is the quick stack, on which scenario 3 is skipped
    private static final Setting BROKERS = BrokerCount.setting(3);
    static final List<String> GROUP_PROTOCOLS = List.of("classic", "streams");
    private static final Setting GROUP_PROTOCOL = Setting.of("--group-protocol", "FLEET_CHAOS_GROUP_PROTOCOL",
            "chaos.group-protocol").withDefault("classic").described("NAME", "the instances' rebalance protocol: "
                    + "classic, or streams (KIP-1071); the embedded brokers give both a 6 s session");
    private static final Setting INSTANCE_CONFIG = Setting.of("--instance-config", "FLEET_CHAOS_INSTANCE_CONFIG",
            "chaos.instance-config").described("FILE", "a stream-app config file every instance reads (kafka.* "
                    + "settings, say: kafka.producer.transaction.timeout.ms=5000)").showingDefault("none");
    private static final Setting SETTLE = Setting.of("--settle", "FLEET_CHAOS_SETTLE", "chaos.settle")
            .described("TIME", "how long the load runs before the first fault, between two and after the last")
            .showingDefault("10s; --quick 3s");
    private static final Setting OUTAGE = Setting.of("--outage", "FLEET_CHAOS_OUTAGE", "chaos.outage")
            .described("TIME", "how long a registry (scenarios 4 and 5) or a broker (3) stays down")
            .showingDefault("30s; --quick 10s");
    private static final Setting KILLS = Setting.of("--kills", "FLEET_CHAOS_KILLS", "chaos.kills")
            .described("N", "SIGKILLs of scenario 1, each of the next instance in turn").showingDefault("3; --quick 1");
    private static final Setting POISON = Setting.of("--poison", "FLEET_CHAOS_POISON", "chaos.poison")
            .described("N", "bad records of scenario 7's flood").showingDefault("10000; --quick 1000");
    private static final Setting OUT = Setting.of("--out", "FLEET_CHAOS_OUT", "chaos.out")
            .described("DIR", "where the instances' logs, chaos.log and results.md go")
            .showingDefault("target/chaos/<date-time> under the current directory");
    // ./fleet sets FLEET_ROOT, so the models are found whatever the directory the run is started from
    private static final Setting ROOT = Setting.of("--root", "FLEET_ROOT", "chaos.root").withDefault(".")
            .described("DIR", "the checkout, where models/anomaly-v1 and anomaly-v2 are; ./fleet sets it");
    private static final Switch QUICK = Switch.of("--quick", "a short form of each scenario: 3 s between faults, "
            + "10 s outages, 1 kill, 1000 poison records");

    private static final Switch INSECURE = Switch.of("--insecure", "run on an open stack (plaintext, no SASL, no "
            + "ACLs) instead of the secured one, whose instances run as the pipeline's own principal");

    static final Command COMMAND = Command.named("./fleet chaos")
            .description("""
                    Runs scripted faults against the pipeline under a steady load, on the embedded stack (a
                    real Kafka cluster of --brokers brokers, secured unless --insecure, the schema registry and
                    the model registry, started on free ports and stopped at the end), with three stream-app
                    instances in JVMs of their own, as in production, each as the pipeline's own principal,
                    all under exactly_once_v2. Each scenario has fresh topics, devices and instances:
                      1  SIGKILL one of the three instances (--kills times, the next one each time), each
                         restarted with the same instance id and state directory
                      2  a fourth instance added mid-stream, then one stopped gracefully (SIGTERM)
                      3  SIGKILL of the broker that leads the most input partitions, restarted after
                         --outage (skipped with --brokers 1)
                      4  the schema registry down for --outage, then started again on its port
                      5  the model registry down for --outage, a new model version promoted as soon as it
                         is back: every instance must score with it
                      6  a device's predictions topic deleted mid-stream
                      7  a flood of --poison bad records mixed into the good ones: random bytes,
                         truncated Avro, unknown schema ids, NaN and infinite features, illegal and
                         oversized device ids, one event of 100,000 features just under the broker's
                         record size limit; every one must be in the dead-letter topic with its reason,
                         and every instance ready throughout
                    Then every prediction is read read_committed from every partition of every device's
                    topic and checked by event id: one row per scenario with the events sent, the
                    predictions, the missing and duplicated ones, the dead letters, the recovery (each
                    fault -> every partition committing again), the longest a partition went without a
                    commit, and the verdict; notes under the table say what each fault did. The instances'
                    logs go to <out>/scenario-<n>/, the table as Markdown to <out>/results.md.""")
            .settings(List.of(SCENARIO, RATE, DEVICES, PARTITIONS, BROKERS, GROUP_PROTOCOL, INSTANCE_CONFIG, SETTLE,
                    OUTAGE, KILLS, POISON, OUT, ROOT, CACHE_DIR))
            .switches(QUICK, INSECURE)
            .footer("""
                    Exit status: 0 when every scenario run passed (a skipped one says why), 1 when one
                    failed (an event missing or with two predictions, a poison record not dead-lettered,
                    an instance not ready during the flood or not scoring with the promoted version; the
                    table is printed first) or the run could not start, 2 on bad usage.""")
            .build();

    static final String USAGE = COMMAND.usage();

    /** The options the arguments, environment and file give; IllegalArgumentException naming the setting if bad. */
    static ChaosOptions parse(List<String> args, Map<String, String> env) {
        Settings settings = COMMAND.parse(args, env);
        boolean help = settings.has("--help");
        boolean quick = settings.has("--quick");
        Path root = Path.of(settings.required(ROOT)).toAbsolutePath().normalize();
        if (help) {
            return new ChaosOptions(List.of(), 0, 0, 0, 0, "", Optional.empty(), Duration.ZERO, Duration.ZERO, 0,
                    0, Path.of(""), root, Path.of(""), false, quick, true);
        }
        return new ChaosOptions(scenarios(settings), SettingValues.rate(settings, RATE),
                settings.integer(DEVICES, 1, 9_999),
                settings.integer(PARTITIONS, INSTANCES, 64),
                BrokerCount.of(settings, BROKERS), groupProtocol(settings), instanceConfig(settings),
                duration(settings, SETTLE, Duration.ofSeconds(quick ? 3 : 10), false),
                duration(settings, OUTAGE, Duration.ofSeconds(quick ? 10 : 30), false),
                integer(settings, KILLS, quick ? "1" : "3", 1, 100),
                integer(settings, POISON, quick ? "1000" : "10000", PoisonKind.values().length, 1_000_000),
                SettingValues.outDir(settings, OUT, "chaos"), root, SettingValues.cacheDir(settings),
                settings.has("--insecure"), quick, false);
    }

    /** The committed models the run registers: the first is promoted at start, the second by scenario 5. */
    List<Path> modelDirs() {
        return List.of(root.resolve("models").resolve("anomaly-v1"), root.resolve("models").resolve("anomaly-v2"));
    }

    private static Optional<Path> instanceConfig(Settings settings) {
        Optional<Path> file = settings.given(INSTANCE_CONFIG).map(Path::of).map(path -> path.toAbsolutePath()
                .normalize());
        if (file.isPresent() && !Files.isReadable(file.get())) {
            throw new IllegalArgumentException(INSTANCE_CONFIG.describe() + " names no readable file: " + file.get());
        }
        return file;
    }

    private static String groupProtocol(Settings settings) {
        String protocol = settings.required(GROUP_PROTOCOL).strip();
        if (!GROUP_PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(GROUP_PROTOCOL.describe() + " must be one of " + GROUP_PROTOCOLS
                    + ", got '" + protocol + "'");
        }
        return protocol;
    }

    private static List<Integer> scenarios(Settings settings) {
        String text = settings.requiredNotBlank(SCENARIO);
        TreeSet<Integer> chosen = new TreeSet<>();
        for (String part : text.split(",")) {
            try {
                int number = Integer.parseInt(part.strip());
                if (number < 1 || number > SCENARIOS) {
                    throw new NumberFormatException();
                }
                chosen.add(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SCENARIO.describe() + " takes scenario numbers from 1 to "
                        + SCENARIOS + " separated by commas, got '" + text + "'");
            }
        }
        return List.copyOf(chosen);
    }
}
