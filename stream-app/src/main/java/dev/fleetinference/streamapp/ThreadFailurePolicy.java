package dev.fleetinference.streamapp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a failed stream thread (under exactly-once it resumes from the last commit, so nothing is lost or
 * doubled) unless threads fail too often: then it shuts the client down, the app exits non-zero and is no longer
 * live, and the orchestrator restarts it, which also lets the instance rejoin under its static member id at once.
 * A failure of the surroundings, which a restart would not cure (the schema registry away, say), is replaced
 * without counting towards that limit.
 */
final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ThreadFailurePolicy.class);

    private final int maxReplacements;
    private final Duration window;
    private final LongSupplier nanoClock;
    private final Predicate<Throwable> ofTheSurroundings;
    private final Deque<Long> replacements = new ArrayDeque<>();
    private long total;

    ThreadFailurePolicy(int maxReplacements, Duration window, LongSupplier nanoClock) {
        this(maxReplacements, window, nanoClock, failure -> false);
    }

    /** {@code ofTheSurroundings} says which failures a restart would not cure: they do not count. */
    ThreadFailurePolicy(int maxReplacements, Duration window, LongSupplier nanoClock,
                        Predicate<Throwable> ofTheSurroundings) {
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.nanoClock = nanoClock;
        this.ofTheSurroundings = ofTheSurroundings;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
        if (ofTheSurroundings.test(failure)) {
            total++;
            log.error("a stream thread failed because of its surroundings; replacing it (not counted: a restart "
                    + "would not help)", failure);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        long now = nanoClock.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > window.toNanos()) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            log.error("a stream thread failed, the {}th time within {}; shutting down so that the instance is "
                    + "restarted", maxReplacements + 1, window, failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        total++;
        log.error("a stream thread failed; replacing it ({} of {} allowed within {})", replacements.size(),
                maxReplacements, window, failure);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Threads replaced since start. */
    synchronized long replaced() {
        return total;
    }
}
