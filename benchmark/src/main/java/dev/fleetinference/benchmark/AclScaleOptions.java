package dev.fleetinference.benchmark;

import static dev.fleetinference.benchmark.SettingValues.duration;
import static dev.fleetinference.benchmark.SettingValues.integer;

import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.settings.Switch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ACL-scale benchmark's settings, from (strongest first) flags, environment variables, a properties file, then
 * defaults; {@code --quick} only changes the defaults. A bad value fails at start naming the setting.
 *
 * @param devices         devices registered in all
 * @param steps           registered devices at which the pipeline is measured, ascending, the last {@code devices};
 *                        the base fleet (the probe and the workload's devices) is measured first
 * @param workloadDevices devices the pass-through workload writes to (keys of its events)
 * @param batch           devices registered per {@code DeviceRegistry.register} call
 * @param singles         devices registered one by one at each step, each as {@code ./fleet devices add ID} does
 * @param rounds          measurements of each state (device ACLs in place, none) at each step, order alternating
 * @param events          the first measurement's backlog; later ones are sized from the rates measured
 * @param partitions      partitions of the events topic
 * @param warmUp          how long the pipeline runs on the backlog before the window opens
 * @param window          how long throughput is measured, by committed offsets
 * @param roundTrips      events the probe device times, from its send to its read of the pipeline's output
 * @param roundTripRate   the probe's send rate, events a second
 * @param requestDuration how long the probe sends one event per request, each awaited
 * @param out             where results.json and results.md go
 * @param quick           the smoke-run defaults
 * @param help            print usage and stop
 */
record AclScaleOptions(int devices, List<Integer> steps, int workloadDevices, int batch, int singles, int rounds,
                       int events, int partitions, Duration warmUp, Duration window, int roundTrips,
                       double roundTripRate, Duration requestDuration, Path out, boolean quick, boolean help) {

    private static final Setting DEVICES = Setting.of("--devices", "FLEET_ACL_DEVICES", "acl.devices")
            .described("N", "devices registered in all").showingDefault("10000; --quick 50");
    private static final Setting STEPS = Setting.of("--steps", "FLEET_ACL_STEPS", "acl.steps")
            .described("LIST", "registered devices at which the pipeline is measured, ascending (the base fleet, "
                    + "the probe and the workload's devices, is measured first; --devices is added last)")
            .showingDefault("1000,3000,10000; --quick 50");
    private static final Setting WORKLOAD = Setting.of("--workload-devices", "FLEET_ACL_WORKLOAD_DEVICES",
            "acl.workload-devices").described("N", "devices the pass-through workload writes to")
            .showingDefault("100; --quick 10");
    private static final Setting BATCH = Setting.of("--batch", "FLEET_ACL_BATCH", "acl.batch")
            .withDefault("1000").described("N", "devices per registration call (KRaft takes at most 10,000 records "
                    + "in one request; a device makes 4 ACL records and its topic 3)");
    private static final Setting SINGLES = Setting.of("--singles", "FLEET_ACL_SINGLES", "acl.singles")
            .described("N", "devices registered one by one at each step, as ./fleet devices add ID does")
            .showingDefault("5; --quick 2");
    private static final Setting ROUNDS = Setting.of("--rounds", "FLEET_ACL_ROUNDS", "acl.rounds")
            .described("N", "measurements of each state at each step (ACLs in place, none), order alternating")
            .showingDefault("2; --quick 1");
    private static final Setting EVENTS = Setting.of("--events", "FLEET_ACL_EVENTS", "acl.events")
            .described("N", "the first measurement's backlog; later backlogs last the warm-up and window at the "
                    + "fastest rate seen, with a margin").showingDefault("1000000; --quick 400000 (fewer run out before the window on a fast machine)");
    private static final Setting PARTITIONS = Setting.of("--partitions", "FLEET_ACL_PARTITIONS",
            "acl.partitions").withDefault("4").described("N", "partitions of the events topic");
    private static final Setting WARM_UP = Setting.of("--warm-up", "FLEET_ACL_WARM_UP", "acl.warm-up")
            .described("TIME", "how long the pipeline runs before the throughput window opens")
            .showingDefault("3s; --quick 500ms");
    private static final Setting WINDOW = Setting.of("--window", "FLEET_ACL_WINDOW", "acl.window")
            .described("TIME", "how long throughput is measured by committed offsets")
            .showingDefault("10s; --quick 2s");
    private static final Setting ROUND_TRIPS = Setting.of("--round-trips", "FLEET_ACL_ROUND_TRIPS",
            "acl.round-trips").described("N", "events the probe device times from its send to its own read")
            .showingDefault("300; --quick 30");
    private static final Setting ROUND_TRIP_RATE = Setting.of("--round-trip-rate", "FLEET_ACL_ROUND_TRIP_RATE",
            "acl.round-trip-rate").withDefault("50").described("N", "the probe's send rate, events a second");
    private static final Setting REQUEST_DURATION = Setting.of("--request-duration", "FLEET_ACL_REQUEST_DURATION",
            "acl.request-duration").described("TIME", "how long the probe sends one event per request, each awaited "
                    + "(a device's small requests: one WRITE check each)").showingDefault("3s; --quick 500ms");
    private static final Setting OUT = Setting.of("--out", "FLEET_ACL_OUT", "acl.out")
            .described("DIR", "where results.json and results.md go")
            .showingDefault("target/acl-scale/<date-time> under the current directory");
    private static final Switch QUICK = Switch.of("--quick", "a smoke run: 50 devices, one step, one round, "
            + "1 s warm-up, 2 s windows, 30 round trips");

    static final Command COMMAND = Command.named("./fleet acl-scale")
            .description("""
                    Measures the ACL model at fleet scale, in one run on one secured embedded Kafka node
                    (SASL_SSL, SCRAM-SHA-512, the StandardAuthorizer, no ACL meaning no access), started on
                    a free port and stopped at the end:
                      registration  devices registered with the device registry in batches (--batch) up
                                    to each step, and --singles one by one as ./fleet devices add does
                      throughput    a Kafka Streams exactly_once_v2 pass-through (the events topic to
                                    predictions.<key>, for --workload-devices devices) running as a
                                    "pipeline" principal with PREFIXED ACLs, never as the admin (a super
                                    user skips the ACL checks); events/s by committed offsets over --window
                                    after --warm-up, and the broker's CPU per event (from /proc)
                      round trip    one registered device, with its own credentials, sends events and
                                    reads the pipeline's output from its own topic: p50 and p99
                      requests      the same device sends one event per request, each awaited, for
                                    --request-duration: requests/s and the broker's CPU per request
                    At each step both states are measured --rounds times, order alternating: the devices'
                    ACLs in place, and none (removed, but for the probe's, and restored after): the ratio
                    in place / none is the ACLs' cost with the topics and credentials the same. Prints a
                    table and writes results.json and results.md to --out.""")
            .settings(List.of(DEVICES, STEPS, WORKLOAD, BATCH, SINGLES, ROUNDS, EVENTS, PARTITIONS, WARM_UP, WINDOW,
                    ROUND_TRIPS, ROUND_TRIP_RATE, REQUEST_DURATION, OUT))
            .switches(QUICK)
            .footer("""
                    Exit status: 0 when the run completed, 1 when it could not run, 2 on bad usage.""")
            .build();

    static final String USAGE = COMMAND.usage();

    /** The options the arguments, environment and file give; IllegalArgumentException naming the setting if bad. */
    static AclScaleOptions parse(List<String> args, Map<String, String> env) {
        Settings settings = COMMAND.parse(args, env);
        boolean quick = settings.has("--quick");
        if (settings.has("--help")) {
            return new AclScaleOptions(0, List.of(), 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, 0, 0,
                    Duration.ZERO, Path.of(""), quick, true);
        }
        int devices = integer(settings, DEVICES, quick ? "50" : "10000", 2, 1_000_000);
        int workload = integer(settings, WORKLOAD, quick ? "10" : "100", 1, 10_000);
        int base = workload + 1;
        if (devices <= base) {
            throw new IllegalArgumentException(DEVICES.describe() + " must be above the base fleet of " + base
                    + " (the probe and " + WORKLOAD.flag() + "), got " + devices);
        }
        return new AclScaleOptions(devices, steps(settings, quick, base, devices), workload,
                integer(settings, BATCH, settings.required(BATCH), 1, 2_000),
                integer(settings, SINGLES, quick ? "2" : "5", 0, 100),
                integer(settings, ROUNDS, quick ? "1" : "2", 1, 20),
                integer(settings, EVENTS, quick ? "400000" : "1000000", 1_000, 50_000_000),
                integer(settings, PARTITIONS, settings.required(PARTITIONS), 1, 64),
                duration(settings, WARM_UP, quick ? Duration.ofMillis(500) : Duration.ofSeconds(3), true),
                duration(settings, WINDOW, Duration.ofSeconds(quick ? 2 : 10), false),
                integer(settings, ROUND_TRIPS, quick ? "30" : "300", 10, 100_000),
                SettingValues.rate(settings, ROUND_TRIP_RATE),
                duration(settings, REQUEST_DURATION, quick ? Duration.ofMillis(500) : Duration.ofSeconds(3), false),
                SettingValues.outDir(settings, OUT, "acl-scale"),
                quick, false);
    }

    /** The base fleet: the probe device and the workload's. */
    int baseDevices() {
        return workloadDevices + 1;
    }

    private static List<Integer> steps(Settings settings, boolean quick, int base, int devices) {
        String text = settings.given(STEPS).orElse(quick ? Integer.toString(devices) : "1000,3000," + devices);
        List<Integer> steps = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int step;
            try {
                step = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(STEPS.describe() + " takes whole numbers separated by commas, got '"
                        + part.strip() + "'");
            }
            int least = steps.isEmpty() ? base : steps.get(steps.size() - 1);
            if (step > devices) {
                continue;
            }
            if (step <= least) {
                throw new IllegalArgumentException(STEPS.describe() + " must ascend from above the base fleet of "
                        + base + ", got " + step + " after " + least);
            }
            steps.add(step);
        }
        if (steps.isEmpty() || steps.get(steps.size() - 1) != devices) {
            steps.add(devices);
        }
        return List.copyOf(steps);
    }
}
