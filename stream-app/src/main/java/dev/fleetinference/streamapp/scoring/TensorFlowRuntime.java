package dev.fleetinference.streamapp.scoring;

import java.nio.file.Path;

/**
 * Prepares this JVM for DJL's TensorFlow engine: natives extracted and found offline, no
 * telemetry call, caches in one place, thread pools sized.
 *
 * <p>DJL and javacpp read these settings from system properties when the engine first starts,
 * so they are JVM-wide by nature; {@link #configure} must run before any model is loaded.
 */
public final class TensorFlowRuntime {

    private TensorFlowRuntime() {
    }

    /** Sets DJL's and javacpp's properties; returns the directory of the native libraries. */
    public static Path configure(TensorFlowSettings settings) {
        Path natives = TensorFlowNatives.extract(settings.cacheDir().resolve("natives"));
        System.setProperty("TENSORFLOW_LIBRARY_PATH", natives.toString());
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("DJL_CACHE_DIR", settings.cacheDir().resolve("djl").toString());
        System.setProperty("org.bytedeco.javacpp.cachedir", settings.cacheDir().resolve("javacpp").toString());
        System.setProperty("ai.djl.tensorflow.num_intraop_threads", Integer.toString(settings.intraOpThreads()));
        System.setProperty("ai.djl.tensorflow.num_interop_threads", Integer.toString(settings.interOpThreads()));
        return natives;
    }
}
