package dev.fleetinference.simulator.fleet;

import java.time.Duration;

/**
 * A token bucket for a constant send rate, kept as a fixed schedule so it never drifts: send slot {@code k} is due
 * at {@code origin + k / rate} however late earlier slots were taken. A sender that falls behind catches up at once
 * on up to {@code maxCatchUp} worth of slots (the bucket's capacity); older slots are skipped and counted, so a long
 * stall lowers the achieved rate instead of ending in a flood.
 *
 * <p>Pure arithmetic on the {@link System#nanoTime()} readings it is given (only their differences count, as their
 * origin is arbitrary): the caller owns the clock and the waiting. Not thread-safe.
 */
final class Pacer {

    private final long originNanos;
    private final double nanosPerSlot;
    private final long capacity;
    private long nextSlot;
    private long skipped;

    Pacer(double eventsPerSecond, Duration maxCatchUp, long originNanos) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("the rate must be a positive number of events per second, was "
                    + eventsPerSecond);
        }
        if (maxCatchUp.isNegative()) {
            throw new IllegalArgumentException("maxCatchUp must not be negative, was " + maxCatchUp);
        }
        this.originNanos = originNanos;
        this.nanosPerSlot = 1e9 / eventsPerSecond;
        this.capacity = Math.max(1, (long) Math.ceil(maxCatchUp.toNanos() / nanosPerSlot));
    }

    /** Takes the slots due at {@code nowNanos}, at most {@code limit}: how many events to send now (often 0). */
    long take(long nowNanos, long limit) {
        long elapsed = nowNanos - originNanos;
        if (elapsed < 0 || limit <= 0) {
            return 0;
        }
        // slots 0..dueThrough are due; computed from the origin each time, so rounding never accumulates, and
        // settled against offsetNanos so that "due" means the same here as in nanosUntilNext
        long dueThrough = (long) Math.floor(elapsed / nanosPerSlot);
        while (offsetNanos(dueThrough + 1) <= elapsed) {
            dueThrough++;
        }
        while (dueThrough >= 0 && offsetNanos(dueThrough) > elapsed) {
            dueThrough--;
        }
        long due = dueThrough + 1 - nextSlot;
        if (due <= 0) {
            return 0;
        }
        if (due > capacity) {
            skipped += due - capacity;
            nextSlot += due - capacity;
            due = capacity;
        }
        long taken = Math.min(due, limit);
        nextSlot += taken;
        return taken;
    }

    /** How long from {@code nowNanos} until the next slot is due; 0 if it is due already. */
    long nanosUntilNext(long nowNanos) {
        return Math.max(0, offsetNanos(nextSlot) - (nowNanos - originNanos));
    }

    /** How long after the origin slot {@code slot} is due. */
    long offsetNanos(long slot) {
        return (long) Math.ceil(slot * nanosPerSlot);
    }

    /** Slots skipped because the sender fell further behind than the catch-up allows. */
    long skipped() {
        return skipped;
    }

    /** The bucket's capacity: how many overdue slots are sent at once after a stall. */
    long capacity() {
        return capacity;
    }
}
