package dev.fleetinference.modelregistry.client;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A time limit for a whole transfer, counted from its start. The JDK's HttpClient times a request
 * only until the answer's headers arrive, and a read from the body can wait forever for bytes that
 * never come; so the body stream is closed when the limit passes, which ends such a read.
 */
final class TransferDeadline implements AutoCloseable {

    private final long deadlineNanos;
    private ScheduledFuture<?> closer;

    private TransferDeadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    static TransferDeadline startingNow(Duration limit) {
        return new TransferDeadline(System.nanoTime() + limit.toNanos());
    }

    /** Closes {@code stream} once the limit has passed, unless this deadline is closed first. Call once. */
    void enforceOn(Closeable stream) {
        closer = Timer.INSTANCE.schedule(() -> closeQuietly(stream), deadlineNanos - System.nanoTime(),
                TimeUnit.NANOSECONDS);
    }

    boolean passed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    @Override
    public void close() {
        if (closer != null) {
            closer.cancel(false);
        }
    }

    private static void closeQuietly(Closeable stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the reader learns from passed() why its stream ended; this failure adds nothing
        }
    }

    /** One daemon thread for all deadlines, started by the first download. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "model-registry-transfer-deadline");
                thread.setDaemon(true);
                return thread;
            });
            // a finished download's cancelled task must not linger in the queue until its time comes
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }
}
