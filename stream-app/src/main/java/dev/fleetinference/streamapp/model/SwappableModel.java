package dev.fleetinference.streamapp.model;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link CurrentModel} holding whichever model was swapped in last. A swap is atomic; the model
 * it replaces is closed when its last lease is released (at once if none is out), so no lease ever
 * sees a closed model. Also the fixed model for a topology test: swap one in and lease it.
 */
public final class SwappableModel implements CurrentModel, AutoCloseable {

    private final String description;
    private final AtomicReference<Counted> current = new AtomicReference<>();
    private boolean closed;

    /** @param description what the held model is, for messages: {@code model 'anomaly'} */
    public SwappableModel(String description) {
        this.description = description;
    }

    /**
     * Makes {@code next} the model that {@link #acquire} leases and returns the spec of the one it
     * replaced. That one closes once its last lease is released. After {@link #close}, {@code next}
     * is closed at once instead.
     */
    public Optional<ModelSpec> swap(LoadedModel next) {
        Counted previous;
        synchronized (this) {
            if (closed) {
                next.close();
                return Optional.empty();
            }
            previous = current.getAndSet(new Counted(next));
        }
        if (previous == null) {
            return Optional.empty();
        }
        previous.release();
        return Optional.of(previous.model.spec());
    }

    @Override
    public ModelLease acquire() {
        while (true) {
            Counted held = current.get();
            if (held == null) {
                throw new IllegalStateException(closed()
                        ? description + " is closed"
                        : "no " + description + " is loaded yet; check isReady() before scoring");
            }
            // fails only for a model already swapped out and released, so the next read sees its successor
            if (held.retain()) {
                return new Lease(held);
            }
        }
    }

    @Override
    public boolean isReady() {
        return current.get() != null;
    }

    @Override
    public Optional<ModelSpec> current() {
        return Optional.ofNullable(current.get()).map(held -> held.model.spec());
    }

    /** Lets go of the held model (closed once its leases are released); later swaps close what they are given. */
    @Override
    public void close() {
        Counted last;
        synchronized (this) {
            closed = true;
            last = current.getAndSet(null);
        }
        if (last != null) {
            last.release();
        }
    }

    private synchronized boolean closed() {
        return closed;
    }

    /** A model with its reference count: one for being current, one per open lease. */
    private static final class Counted {

        final LoadedModel model;
        private final AtomicInteger references = new AtomicInteger(1);

        Counted(LoadedModel model) {
            this.model = model;
        }

        boolean retain() {
            while (true) {
                int count = references.get();
                if (count == 0) {
                    return false;
                }
                if (references.compareAndSet(count, count + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (references.decrementAndGet() == 0) {
                model.close();
            }
        }
    }

    private static final class Lease implements ModelLease {

        private final Counted held;
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(Counted held) {
            this.held = held;
        }

        @Override
        public LoadedModel model() {
            if (released.get()) {
                throw new IllegalStateException("this lease on " + held.model.spec().describe()
                        + " was closed; acquire a new one");
            }
            return held.model;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                held.release();
            }
        }
    }
}
