package dev.fleetinference.demo;

import dev.fleetinference.simulator.fleet.SimulationProgress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one action when the fleet starts sending and another once it has sent half its events, as its progress
 * reports show them (so within a progress interval of the moment). The actions run on a thread of their own: a
 * registry call must not hold up the progress reports.
 */
final class RunMilestones implements Consumer<SimulationProgress>, AutoCloseable {

    private final long halfway;
    private final Consumer<SimulationProgress> onSending;
    private final Consumer<SimulationProgress> onHalfway;
    private final ExecutorService actions = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "demo-milestones");
        thread.setDaemon(true);
        return thread;
    });
    private boolean sendingSeen;
    private boolean halfwaySeen;

    /**
     * @param expectedEvents how many events the fleet will send in all
     * @param onSending      called once, with the first progress report of the sending phase
     * @param onHalfway      called once, with the first report that counts half the expected events sent
     */
    RunMilestones(long expectedEvents, Consumer<SimulationProgress> onSending, Consumer<SimulationProgress> onHalfway) {
        this.halfway = Math.max(1, expectedEvents / 2);
        this.onSending = Objects.requireNonNull(onSending, "onSending");
        this.onHalfway = Objects.requireNonNull(onHalfway, "onHalfway");
    }

    @Override
    public synchronized void accept(SimulationProgress progress) {
        if (!sendingSeen && progress.phase() != SimulationProgress.Phase.STARTING) {
            sendingSeen = true;
            actions.execute(() -> onSending.accept(progress));
        }
        if (!halfwaySeen && progress.sent() >= halfway) {
            halfwaySeen = true;
            actions.execute(() -> onHalfway.accept(progress));
        }
    }

    /** Waits for the actions already started to finish (up to {@code timeoutSeconds}) and starts no more. */
    void finish(long timeoutSeconds) throws InterruptedException {
        actions.shutdown();
        actions.awaitTermination(timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        actions.shutdownNow();
    }
}
