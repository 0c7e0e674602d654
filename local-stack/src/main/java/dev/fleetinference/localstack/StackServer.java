package dev.fleetinference.localstack;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One of the stack's servers, which can be stopped and started again with the settings it first started with (so on
 * the same port): how failure drills and tests take a registry away and bring it back.
 */
public final class StackServer<S extends AutoCloseable> {

    private final String name;
    private final Supplier<S> starter;
    private S running;

    public StackServer(String name, S started, Supplier<S> starter) {
        this.name = name;
        this.running = Objects.requireNonNull(started, "started");
        this.starter = starter;
    }

    /** Stops the server; its port refuses connections until {@link #start()}. Does nothing if it is stopped. */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        S server = running;
        running = null;
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("the " + name + " did not stop cleanly: " + e.getMessage(), e);
        }
    }

    /** Starts the server again on its port. Does nothing if it runs. */
    public synchronized void start() {
        if (running == null) {
            running = starter.get();
        }
    }
}
