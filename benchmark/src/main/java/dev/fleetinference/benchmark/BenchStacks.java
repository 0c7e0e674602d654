package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.localstack.kafka.Security;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stacks of one benchmark run and the run's clients of each: the main stack (secured unless {@code --insecure}),
 * and an open one beside it when a variant compares against it, so that what security costs is measured in the same
 * run; all stopped together.
 */
final class BenchStacks implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<LocalStack> stacks = new ArrayList<>();
    private final LocalStack main;
    private final BenchCluster cluster;
    private final Optional<BenchCluster> open;

    private BenchStacks(Path dir, BenchOptions options, PrintStream out) {
        try {
            main = start(dir.resolve("stack"), options.insecure() ? Security.INSECURE : Security.SECURED, out);
            cluster = track(new BenchCluster(main));
            if (options.variants().stream().anyMatch(Variant::insecure)) {
                open = Optional.of(track(new BenchCluster(start(dir.resolve("open-stack"), Security.INSECURE, out))));
            } else {
                open = Optional.empty();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the stacks {@code options} needs under {@code dir}, printing each start on {@code out}. */
    static BenchStacks start(Path dir, BenchOptions options, PrintStream out) {
        return new BenchStacks(dir, options, out);
    }

    /** The main stack: the one every variant but the open ones, the model alone and the crash run use. */
    LocalStack main() {
        return main;
    }

    /** Every stack, the main one first. */
    List<LocalStack> all() {
        return List.copyOf(stacks);
    }

    /** The clients of the main stack. */
    BenchCluster cluster() {
        return cluster;
    }

    /** The clients of the stack {@code variant} runs on. */
    BenchCluster clusterOf(Variant variant) {
        return variant.insecure() ? open.orElseThrow() : cluster;
    }

    /** The clients of every stack, the main one first. */
    List<BenchCluster> clusters() {
        List<BenchCluster> all = new ArrayList<>(List.of(cluster));
        open.ifPresent(all::add);
        return List.copyOf(all);
    }

    private LocalStack start(Path dir, Security security, PrintStream out) {
        LocalStack stack = track(StackStart.embedded(dir, 1, security, out));
        stacks.add(stack);
        return stack;
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    /** Closes the clients and stops the stacks, the last started first. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot stop the benchmark's stacks: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
