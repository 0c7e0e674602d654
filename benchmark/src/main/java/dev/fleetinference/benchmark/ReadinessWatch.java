package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Asks every instance that should be up for its {@code /health/ready} once a second, on a thread of its own, and
 * keeps each answer that was not ready: the app RUNNING throughout, or not.
 */
final class ReadinessWatch implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    /** An instance that was not ready when asked, and when ({@code nanos}). */
    record NotReady(String instance, long nanos) {
    }

    private final Supplier<Map<String, ChildStreamApp>> expectedUp;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<NotReady> notReady = new ArrayList<>();
    private final Thread thread;
    private long probes;

    /** @param expectedUp the instances that should be ready now, by instance id; asked before every round */
    ReadinessWatch(Supplier<Map<String, ChildStreamApp>> expectedUp) {
        this.expectedUp = expectedUp;
        thread = new Thread(this::run, "chaos-readiness");
        thread.setDaemon(true);
    }

    /** Starts asking. */
    void start() {
        thread.start();
    }

    synchronized long probes() {
        return probes;
    }

    synchronized List<NotReady> notReady() {
        return List.copyOf(notReady);
    }

    @Override
    public void close() {
        stop.countDown();
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(INTERVAL.multipliedBy(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!stop.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                for (Map.Entry<String, ChildStreamApp> instance : expectedUp.get().entrySet()) {
                    boolean ready = instance.getValue().isReady();
                    // an instance a scenario takes down meanwhile is no longer expected up
                    boolean stillExpected = expectedUp.get().get(instance.getKey()) == instance.getValue();
                    synchronized (this) {
                        probes++;
                        if (!ready && stillExpected) {
                            notReady.add(new NotReady(instance.getKey(), System.nanoTime()));
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
