package dev.fleetinference.simulator;

import dev.fleetinference.settings.Command;
import dev.fleetinference.simulator.fleet.FleetSimulation;
import dev.fleetinference.simulator.fleet.FleetSimulationConfig;
import dev.fleetinference.simulator.fleet.ProgressLine;
import dev.fleetinference.simulator.fleet.SimulationException;
import dev.fleetinference.simulator.fleet.SimulationReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The fleet-simulator command: {@code simulate} runs a simulated fleet against Kafka and prints its report. */
public final class SimulatorMain {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;

    static final Command COMMAND = Command.named("fleet-simulator")
            .description("Simulated devices that send telemetry to the scoring pipeline and read its predictions.")
            .subcommands(SimulatorOptions.COMMAND)
            .build();

    private static final Duration TERMINAL_PROGRESS = Duration.ofSeconds(1);
    // a log file or CI console gets a line every few seconds rather than a stream of them
    private static final Duration LOG_PROGRESS = Duration.ofSeconds(5);

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err, System.console() != null));
    }

    /** Runs the command as {@code main} would and returns its exit status. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        Command.Selection selection;
        try {
            selection = COMMAND.select(args, env);
        } catch (Command.Refused e) {
            // refused before a command was recognised: list them
            return badUsage(err, e.getMessage(), e.command().equals(COMMAND.name()));
        }
        if (selection.settings().has("--help")) {
            out.print(selection.usage());
            return OK;
        }
        if (selection.command() == COMMAND) {
            return badUsage(err, "which command? (" + SimulatorOptions.COMMAND.name() + ")", true);
        }
        SimulatorOptions options;
        try {
            options = SimulatorOptions.of(selection.settings());
        } catch (IllegalArgumentException e) {
            return badUsage(err, e.getMessage(), false);
        }
        FleetSimulationConfig config = options.config()
                .withProgressInterval(terminal ? TERMINAL_PROGRESS : LOG_PROGRESS);
        return simulate(config, out, err, terminal);
    }

    private static int badUsage(PrintStream err, String message, boolean listCommands) {
        err.println("fleet-simulator: " + message);
        if (listCommands) {
            err.print(COMMAND.usage());
        }
        return BAD_USAGE;
    }

    private static int simulate(FleetSimulationConfig config, PrintStream out, PrintStream err, boolean terminal) {
        FleetSimulation simulation = new FleetSimulation(config, new ProgressLine(out, terminal));
        CountDownLatch reported = new CountDownLatch(1);
        // Ctrl-C: stop sending, let the run wait for the answers in flight and print its report, then exit
        Thread onInterrupt = new Thread(() -> {
            simulation.stop();
            try {
                reported.await(config.grace().plusSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fleet-simulator-stop");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            out.println(describe(config));
            SimulationReport report = simulation.run();
            out.println();
            out.print(report.toTable());
            return OK;
        } catch (SimulationException e) {
            if (terminal) {
                // end the progress line the failure interrupted
                out.println();
            }
            err.println("fleet-simulator: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("fleet-simulator: interrupted");
            return FAILED;
        } finally {
            out.flush();
            reported.countDown();
            removeHook(onInterrupt);
        }
    }

    private static String describe(FleetSimulationConfig config) {
        return String.format(Locale.ROOT, "Simulating %d devices (failing share %s) at %s events/s for %s: events to "
                        + "%s, predictions from %s<deviceId>, Kafka %s, schema registry %s",
                config.devices(), config.failingShare(), number(config.eventsPerSecond()), config.limit().describe(),
                config.topics().events(), config.topics().predictionsPrefix(), config.bootstrapServers(),
                config.schemaRegistryUrl());
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (Ctrl-C): the hook is running and ends on its own
        }
    }
}
