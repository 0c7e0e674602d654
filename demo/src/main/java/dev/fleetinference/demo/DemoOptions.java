package dev.fleetinference.demo;

import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.simulator.fleet.FleetSimulationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's settings, from (strongest first) flags, environment variables, a properties file, then defaults. A bad
 * value fails at start naming the flag, the variable and the key.
 *
 * @param devices         simulated devices, {@code device-0001} to {@code device-<devices>}
 * @param eventsPerSecond the whole fleet's send rate
 * @param duration        how long the fleet sends; the second model is promoted halfway
 * @param root            the checkout: {@code models/} and the packaged {@code stream-app/target/} are found there
 * @param help            print usage and stop
 */
record DemoOptions(int devices, double eventsPerSecond, Duration duration, Path root, boolean help) {

    private static final Setting DEVICES = Setting.of("--devices", "FLEET_DEVICES", "demo.devices")
            .withDefault(Integer.toString(FleetSimulationConfig.DEFAULT_DEVICES));
    private static final Setting RATE = Setting.of("--rate", "FLEET_RATE", "demo.rate").withDefault("500");
    private static final Setting DURATION = Setting.of("--duration", "FLEET_DURATION", "demo.duration")
            .withDefault("30s");
    // ./fleet sets FLEET_ROOT, so the demo finds the checkout whatever the directory it is started from
    private static final Setting ROOT = Setting.of("--root", "FLEET_ROOT", "demo.root").withDefault(".");
    private static final List<Setting> SETTINGS = List.of(DEVICES, RATE, DURATION, ROOT);

    static final String USAGE = """
            Usage: ./fleet demo [options]

            Runs the whole pipeline on this machine, with no Docker, and stops everything at the end:
              1. starts the embedded stack: a real Kafka broker, the schema registry, the model registry;
              2. registers the committed models models/anomaly-v1 and models/anomaly-v2, v1 in production;
              3. starts the stream app in a child JVM (its log goes to a file; the path is printed);
              4. runs a simulated fleet against it, with a few poison records mixed in, and promotes
                 anomaly v2 halfway through: the stream app swaps models without a restart;
              5. prints the fleet's report (round trips, predictions per model version), the dead
                 letters by reason, the rate achieved, and whether every event got exactly one
                 prediction.

            Options (flag / environment variable / key in the --config file):
              --devices N            FLEET_DEVICES   demo.devices   (default 50; 1-9999)
                  devices device-0001 to device-N; a fifth of them in a failure mode.
              --rate EVENTS_PER_SEC  FLEET_RATE      demo.rate      (default 500)
                  the whole fleet's send rate.
              --duration TIME        FLEET_DURATION  demo.duration  (default 30s)
                  how long the fleet sends; TIME is e.g. 500ms, 30s or 2m.
              --root DIR             FLEET_ROOT      demo.root      (default: the current directory)
                  the checkout, where models/ and stream-app/target/ are; ./fleet sets it.
              --config FILE          FLEET_CONFIG
                  a properties file with the keys above.
              --help
                  print this text.

            Exit status: 0 when every event got exactly one prediction, 1 when not or when the demo
            could not run, 2 on bad usage.
            """;

    /** The options the arguments, environment and file give; IllegalArgumentException naming the setting if bad. */
    static DemoOptions parse(List<String> args, Map<String, String> env) {
        Settings settings = Settings.parse(args, env, SETTINGS, Set.of("--help", "-h"));
        if (settings.has("--help") || settings.has("-h")) {
            return new DemoOptions(0, 0, Duration.ZERO, Path.of(""), true);
        }
        Duration duration = settings.duration(DURATION);
        if (duration.isZero()) {
            throw new IllegalArgumentException(DURATION.describe() + " must be above zero, got '"
                    + settings.required(DURATION) + "'");
        }
        return new DemoOptions(settings.integer(DEVICES, 1, FleetSimulationConfig.MAX_DEVICES), rate(settings),
                duration, Path.of(settings.required(ROOT)).toAbsolutePath().normalize(), false);
    }

    /** The committed models, {@code anomaly-v1} and {@code anomaly-v2}. */
    Path modelsDir() {
        return root.resolve("models");
    }

    /** How many events the fleet sends at the rate in the duration. */
    long expectedEvents() {
        return Math.round(eventsPerSecond * duration.toNanos() / 1e9);
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
