package dev.fleetinference.streamapp.routing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The moment a blocking call must have returned by, shared by all of its steps: each step waits only for what is
 * left, so their sum cannot pass the call's timeout.
 *
 * @param timeout what the call was given
 * @param endNanos when it runs out, on {@link System#nanoTime()}'s clock
 */
record Deadline(Duration timeout, long endNanos) {

    static Deadline after(Duration timeout) {
        return new Deadline(timeout, System.nanoTime() + timeout.toNanos());
    }

    /** Milliseconds left, 0 once it has passed. */
    long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
    }

    /** Milliseconds left as an Admin request's own timeout, so the client gives up when the call does. */
    int requestTimeoutMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remainingMillis()));
    }

    boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }
}
