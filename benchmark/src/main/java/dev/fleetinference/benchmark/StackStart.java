package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.localstack.kafka.Security;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the benchmark's commands (bench, chaos) begin: a note when other work already uses the CPU, then the embedded
 * stack on free ports, timed.
 */
final class StackStart {

    // the one-minute load average above which something else is using the CPU before the run starts
    private static final double BUSY_LOAD = 1.0;

    private StackStart() {
    }

    /** Says so on {@code out} if the machine is busy already, and what that does to the figures ({@code effect}). */
    static void noteBusyMachine(PrintStream out, String effect) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load > BUSY_LOAD) {
            out.printf(Locale.ROOT, "  note: the machine is busy already (load average %.1f on %d cores): other work "
                    + "shares the CPU, so %s%n", load, Runtime.getRuntime().availableProcessors(), effect);
        }
    }

    /**
     * The embedded stack in {@code dir} on {@code brokers} brokers, secured or not, each part on a free port, timed on
     * {@code out}.
     */
    static LocalStack embedded(Path dir, int brokers, Security security, PrintStream out) {
        long began = System.nanoTime();
        String kind = security == Security.SECURED ? "secured" : "open";
        out.print(brokers == 1 ? "Starting the " + kind + " embedded stack (Kafka broker, schema registry, model "
                + "registry) ... " : "Starting the " + kind + " embedded stack (" + brokers + " Kafka brokers, schema "
                + "registry, model registry) ... ");
        out.flush();
        LocalStack stack = LocalStack.start(dir, brokers, 0, 0, 0, LocalStack.DEV_REGISTRY_TOKEN, security);
        out.printf(Locale.ROOT, "ready in %.1f s (%s)%n", (System.nanoTime() - began) / 1e9, stack.bootstrapServers());
        return stack;
    }
}
