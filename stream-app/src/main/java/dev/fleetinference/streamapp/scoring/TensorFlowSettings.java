package dev.fleetinference.streamapp.scoring;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the TensorFlow engine runs in this JVM.
 *
 * @param cacheDir       where native libraries and DJL's cache live (extracted once, reused)
 * @param intraOpThreads TensorFlow's intra-op pool size; 1 suits many small batches (STACK.md trap 4)
 * @param interOpThreads TensorFlow's inter-op pool size
 */
public record TensorFlowSettings(Path cacheDir, int intraOpThreads, int interOpThreads) {

    /**
     * Each pool's default size. Each stream thread scores with a predictor of its own and batching gives every call
     * enough rows, so more TensorFlow threads would only compete with the stream threads for a small machine's cores.
     */
    public static final int DEFAULT_THREADS = 1;

    public TensorFlowSettings {
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException("TensorFlow thread pools need at least 1 thread, got intra-op "
                    + intraOpThreads + " and inter-op " + interOpThreads);
        }
    }

    /** A cache in the user's home ({@code ~/.cache/fleet-inference}), {@link #DEFAULT_THREADS} per pool. */
    public static TensorFlowSettings defaults() {
        return new TensorFlowSettings(Path.of(System.getProperty("user.home"), ".cache", "fleet-inference"),
                DEFAULT_THREADS, DEFAULT_THREADS);
    }
}
