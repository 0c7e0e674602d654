package dev.fleetinference.streamapp.batching;

import java.time.Duration;
import java.util.Objects;

/**
 * When a batch of buffered events is scored: at {@code size} events, or once its oldest has waited {@code maxWait},
 * whichever comes first. Size 1 scores each event on its own, with no buffer.
 *
 * @param size    events per model call at most
 * @param maxWait the longest an event waits for its batch to fill
 */
public record BatchSettings(int size, Duration maxWait) {

    public BatchSettings {
        if (size < 1) {
            throw new IllegalArgumentException("a batch holds 1 event or more, got " + size);
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the longest wait of a batch must be positive, got " + maxWait);
        }
    }

    /** 256 events or 5 ms. */
    public static BatchSettings defaults() {
        return new BatchSettings(256, Duration.ofMillis(5));
    }

    /** Whether events are buffered at all. */
    public boolean batching() {
        return size > 1;
    }

    /** How often the buffer is checked for an event that waited long enough: half the wait, at least 1 ms. */
    public Duration checkInterval() {
        return Duration.ofMillis(Math.max(1, maxWait.toMillis() / 2));
    }
}
