package dev.fleetinference.demo;

import dev.fleetinference.localstack.process.ChildJvm;
import dev.fleetinference.localstack.process.ParentWatchingLauncher;
import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import dev.fleetinference.localstack.streamapp.StreamAppNotReadyException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The demo's stream app: its packaged {@link StreamAppLayout} in a child JVM (local-stack's {@link ChildStreamApp}, so a
 * demo killed with SIGKILL leaves no stream app behind), run in the work directory with the demo's settings; what goes
 * wrong is a {@link DemoFailedException}.
 */
final class StreamAppProcess implements AutoCloseable {

    static final String LOG_FILE = "stream-app.log";
    static final Duration STOP_TIMEOUT = ChildStreamApp.STOP_GRACE;

    private final ChildStreamApp app;

    private StreamAppProcess(ChildStreamApp app) {
        this.app = app;
    }

    /**
     * Starts the stream app of {@code layout} with the environment {@code appEnv}; it writes its log to
     * {@value #LOG_FILE} in {@code workDir}.
     */
    static StreamAppProcess start(StreamAppLayout layout, StreamAppEnvironment appEnv, Path workDir) {
        Path logFile = workDir.resolve(LOG_FILE);
        try {
            // the launcher alone: the stream app must not see local-stack's classes or its log4j2.xml
            Path launcher = ParentWatchingLauncher.classpathEntry(workDir.resolve("launcher"));
            ChildJvm jvm = ChildJvm.of(layout.classpath() + File.pathSeparator + launcher, layout.mainClass())
                    .inDirectory(workDir);
            return new StreamAppProcess(ChildStreamApp.start(jvm, appEnv.environment(), logFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stream app (log " + logFile + ")", e);
        }
    }

    /** The child's environment: {@code inherited} less its {@code FLEET_*} variables, plus {@code appEnv}'s. */
    static Map<String, String> environment(Map<String, String> inherited, StreamAppEnvironment appEnv) {
        return ChildStreamApp.environment(inherited, appEnv.environment());
    }

    /**
     * Waits until {@code GET /health/ready} answers 200: the model is loaded and Kafka Streams is running.
     *
     * @throws DemoFailedException with the end of the app's log if it exits first or is not ready in time
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        try {
            app.awaitReady(timeout);
        } catch (StreamAppNotReadyException e) {
            throw new DemoFailedException(e.getMessage(), e);
        }
    }

    long pid() {
        return app.pid();
    }

    boolean isAlive() {
        return app.isAlive();
    }

    /** Events it scored since it started, from its {@code /metrics}. */
    long scored() {
        return app.scored();
    }

    /** Events it scored with {@code version} of the model since it started. */
    long scoredWithVersion(int version) {
        return app.scoredWithVersion(version);
    }

    /** SIGKILL, a crash: no transaction is committed or aborted, the group is not left. Waits until it is gone. */
    void kill() throws InterruptedException {
        app.kill();
    }

    /**
     * SIGTERM, so Kafka Streams closes cleanly, then SIGKILL if it has not exited within {@link #STOP_TIMEOUT}.
     *
     * @return whether it stopped on SIGTERM (or had stopped already)
     */
    boolean stop() {
        return app.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
