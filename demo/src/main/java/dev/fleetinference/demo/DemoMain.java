package dev.fleetinference.demo;

import dev.fleetinference.simulator.fleet.SimulationException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** {@code ./fleet demo}: the whole pipeline on this machine, with a model swap, poison records and an exactly-once check. */
public final class DemoMain {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;

    private DemoMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err, System.console() != null));
    }

    /** Runs the demo as {@code main} would and returns its exit status. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            return BAD_USAGE;
        }
        if (options.help()) {
            out.print(DemoOptions.COMMAND.usage());
            return OK;
        }
        DemoRun demo = new DemoRun(options, out, terminal);
        // Ctrl-C: stop the stream app (SIGTERM) and the stack before the JVM goes
        Thread onInterrupt = new Thread(demo::interrupt, "demo-stop");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return demo.run() ? OK : FAILED;
        } catch (DemoFailedException | SimulationException | UncheckedIOException e) {
            return failed(demo, err, e.getMessage());
        } catch (RuntimeException e) {
            // a registry or Kafka refusal: its message names what refused and why
            return failed(demo, err, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(demo, err, "interrupted");
        } finally {
            out.flush();
            removeHook(onInterrupt);
        }
    }

    private static int failed(DemoRun demo, PrintStream err, String message) {
        // after Ctrl-C, a step failing because its stack is going away is no news
        if (!demo.interrupted()) {
            err.println("demo: " + message);
        }
        return FAILED;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (Ctrl-C): the hook is running and ends on its own
        }
    }
}
