package dev.fleetinference.localstack.kafka;

import java.time.Duration;
import java.util.function.Supplier;

/** When a broker's (or a cluster's) start gives up, and the short pause between two looks at whether it is up. */
final class StartDeadline {

    private static final long PAUSE_MS = 50;

    private final String starting;
    private final Duration timeout;
    private final long deadline;

    /** {@code starting} names what starts, for the message: "Kafka broker", "Kafka cluster". */
    StartDeadline(String starting, Duration timeout) {
        this.starting = starting;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** Pauses before the next look; once the time is up, fails with what it waited for and {@code logTail}. */
    void pause(String waitingFor, Supplier<String> logTail) {
        if (System.nanoTime() > deadline) {
            throw new BrokerStartException(starting + " did not become ready within " + timeout
                    + " (waiting for " + waitingFor + ")", logTail.get());
        }
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + starting, e);
        }
    }
}
