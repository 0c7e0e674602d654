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

    public TensorFlowSettings {
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException("TensorFlow thread pools need at least 1 thread, got intra-op "
                    + intraOpThreads + " and inter-op " + interOpThreads);
        }
    }

    /** A cache in the user's home ({@code ~/.cache/fleet-inference}), one thread per pool. */
    public static TensorFlowSettings defaults() {
        return new TensorFlowSettings(
                Path.of(System.getProperty("user.home"), ".cache", "fleet-inference"), 1, 1);
    }
}
