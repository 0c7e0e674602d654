package dev.fleetinference.demo;

import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.settings.Switch;
import dev.fleetinference.simulator.fleet.FleetSimulationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo's settings, from (strongest first) flags, environment variables, a properties file, then defaults. A bad
 * value fails at start naming the flag, the variable and the key.
 *
 * @param devices         simulated devices, {@code device-0001} to {@code device-<devices>}
 * @param eventsPerSecond the whole fleet's send rate
 * @param duration        how long the fleet sends in the measured run; the second model is promoted halfway
 * @param warmUp          how long the same fleet sends before the measured run, to get the cold start out of its
 *                        figures; zero for no warm-up
 * @param instances       stream-app instances, {@code demo-1} to {@code demo-<instances>}, one application id; with
 *                        more than one, one of them is SIGKILLed halfway through the measured run
 * @param root            the checkout: {@code models/} and the packaged {@code stream-app/target/} are found there
 * @param insecure        run the stack's Kafka plaintext and open (no TLS, no SASL, no ACLs)
 * @param help            print usage and stop
 */
record DemoOptions(int devices, double eventsPerSecond, Duration duration, Duration warmUp, int instances, Path root,
                   boolean insecure, boolean help) {

    static final int MAX_INSTANCES = 8;

    private static final Setting DEVICES = Setting.of("--devices", "FLEET_DEVICES", "demo.devices")
            .withDefault(Integer.toString(FleetSimulationConfig.DEFAULT_DEVICES))
            .described("N", "devices device-0001 to device-N (1-" + FleetSimulationConfig.MAX_DEVICES
                    + "); a fifth of them in a failure mode");
    private static final Setting RATE = Setting.of("--rate", "FLEET_RATE", "demo.rate").withDefault("500")
            .described("N", "the whole fleet's send rate, events a second");
    private static final Setting DURATION = Setting.of("--duration", "FLEET_DURATION", "demo.duration")
            .withDefault("30s").described("TIME", "how long the measured run sends; TIME is e.g. 500ms, 30s or 2m");
    private static final Setting WARM_UP = Setting.of("--warm-up", "FLEET_WARM_UP", "demo.warm-up")
            .withDefault("5s").described("TIME", "how long the warm-up run sends before it; 0 for none (the cold "
                    + "start then counts in the measured figures)");
    private static final Setting INSTANCES = Setting.of("--instances", "FLEET_INSTANCES", "demo.instances")
            .withDefault("1").described("N", "stream-app instances demo-1 to demo-N (1-" + MAX_INSTANCES + "), each "
                    + "in a child JVM, one application id; with 2 or more, one is SIGKILLed halfway and the others "
                    + "take its partitions");
    // ./fleet sets FLEET_ROOT, so the demo finds the checkout whatever the directory it is started from
    private static final Setting ROOT = Setting.of("--root", "FLEET_ROOT", "demo.root").withDefault(".")
            .described("DIR", "the checkout, where models/ and stream-app/target/ are; ./fleet sets it");

    static final Command COMMAND = Command.named("./fleet demo")
            .description("""
                    Runs the whole pipeline on this machine, with no Docker, and stops everything at the end:
                      1. starts the embedded stack: a real Kafka broker (SASL_SSL, SCRAM, ACLs unless --insecure),
                         the schema registry, the model registry;
                      2. registers the committed models models/anomaly-v1 and models/anomaly-v2, v1 in production;
                      3. starts the stream app in a child JVM as the pipeline's own principal (its log goes to a
                         file; the path is printed), or --instances of them, which share the events' partitions;
                         registers the fleet's devices (each its topic, key, credential and ACLs);
                      4. warms up: runs the simulated fleet for a few seconds (--warm-up) so the three JVMs
                         are compiled and the devices' topics exist, and prints its cold-start figures;
                      5. runs the same fleet again, measured, with a few poison records mixed in, and promotes
                         anomaly v2 halfway through: the stream app swaps models without a restart; with
                         several instances, one of them is then SIGKILLed and the others take over;
                      6. has each device, with its own credentials, try another device's topic and publish as
                         another device;
                      7. prints the measured run's report (round trips, predictions per model version), the
                         dead letters by reason, the rate achieved, and whether every event of both runs got
                         exactly one prediction.""")
            .settings(List.of(DEVICES, RATE, DURATION, WARM_UP, INSTANCES, ROOT))
            .switches(Switch.of("--insecure", "run Kafka plaintext and open (no TLS, no SASL, no ACLs) instead of "
                    + "SASL_SSL/SCRAM with ACLs; the devices' isolation line then shows what an open cluster allows"))
            .footer("""
                    Exit status: 0 when every event (warm-up included) got exactly one prediction, 1 when not or
                    when the demo could not run, 2 on bad usage.""")
            .build();

    /** The options the arguments, environment and file give; IllegalArgumentException naming the setting if bad. */
    static DemoOptions parse(List<String> args, Map<String, String> env) {
        Settings settings = COMMAND.parse(args, env);
        if (settings.has("--help")) {
            return new DemoOptions(0, 0, Duration.ZERO, Duration.ZERO, 1, Path.of(""), false, true);
        }
        Duration duration = settings.duration(DURATION);
        if (duration.isZero()) {
            throw new IllegalArgumentException(DURATION.describe() + " must be above zero, got '"
                    + settings.required(DURATION) + "'");
        }
        return new DemoOptions(settings.integer(DEVICES, 1, FleetSimulationConfig.MAX_DEVICES), rate(settings),
                duration, warmUp(settings), settings.integer(INSTANCES, 1, MAX_INSTANCES),
                Path.of(settings.required(ROOT)).toAbsolutePath().normalize(), settings.has("--insecure"), false);
    }

    /** Whether a warm-up run comes before the measured one. */
    boolean warmsUp() {
        return !warmUp.isZero();
    }

    /** Whether several instances run, so one can be SIGKILLed while the others go on. */
    boolean failsOver() {
        return instances > 1;
    }

    /** The committed models, {@code anomaly-v1} and {@code anomaly-v2}. */
    Path modelsDir() {
        return root.resolve("models");
    }

    /** How many events the fleet sends at the rate in the duration (the measured run). */
    long expectedEvents() {
        return Math.round(eventsPerSecond * duration.toNanos() / 1e9);
    }

    // a duration like --duration's, or a bare 0 for none
    private static Duration warmUp(Settings settings) {
        return settings.required(WARM_UP).strip().equals("0") ? Duration.ZERO : settings.duration(WARM_UP);
    }

    private static double rate(Settings settings) {
        String text = settings.required(RATE);
        try {
            double value = Double.parseDouble(text);
            if (!(value > 0 && value <= FleetSimulationConfig.MAX_EVENTS_PER_SECOND)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(RATE.describe() + " must be a number of events per second above 0 and "
                    + "at most " + (long) FleetSimulationConfig.MAX_EVENTS_PER_SECOND + ", got '" + text + "'");
        }
    }
}
