package dev.fleetinference.demo;

import dev.fleetinference.localstack.kafka.ChildJvm;
import dev.fleetinference.localstack.kafka.ParentWatchingLauncher;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The stream app in a child JVM: its output goes to a log file, and it follows this JVM (through local-stack's
 * {@link ParentWatchingLauncher}), so a demo killed with SIGKILL leaves no stream app behind.
 */
final class StreamAppProcess implements AutoCloseable {

    static final String LOG_FILE = "stream-app.log";
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final StreamAppEnvironment appEnv;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private StreamAppProcess(Process process, StreamAppEnvironment appEnv, Path logFile) {
        this.process = process;
        this.appEnv = appEnv;
        this.logFile = logFile;
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
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-cp");
            command.add(layout.classpath() + File.pathSeparator + launcher);
            command.addAll(ParentWatchingLauncher.arguments(layout.mainClass(), List.of()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Map<String, String> env = builder.environment();
            Map<String, String> wanted = environment(env, appEnv);
            env.clear();
            env.putAll(wanted);
            return new StreamAppProcess(builder.start(), appEnv, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stream app (log " + logFile + ")", e);
        }
    }

    /**
     * The child's environment: this JVM's, without any {@code FLEET_*} variable of its own (a user's
     * {@code FLEET_HTTP_PORT} must not move the app off the port the demo polls), plus {@code appEnv}'s.
     */
    static Map<String, String> environment(Map<String, String> inherited, StreamAppEnvironment appEnv) {
        Map<String, String> env = new TreeMap<>(inherited);
        env.keySet().removeIf(name -> name.startsWith("FLEET_"));
        env.putAll(appEnv.environment());
        // TensorFlow's C++ runtime reads its log level from the environment only; 2 keeps its info lines out
        env.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
        return env;
    }

    /**
     * Waits until {@code GET /health/ready} answers 200: the model is loaded and Kafka Streams is running.
     *
     * @throws DemoFailedException with the end of the app's log if it exits first or is not ready in time
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(appEnv.httpUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        String lastAnswer = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new DemoFailedException("the stream app exited with code " + process.exitValue()
                        + " while starting; the end of its log " + logFile + ":\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = response.statusCode() + " " + response.body().strip();
            } catch (IOException notListeningYet) {
                lastAnswer = "not listening (" + notListeningYet.getClass().getSimpleName() + ")";
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailedException("the stream app was not ready within " + timeout.toSeconds() + " s ("
                        + appEnv.httpUrl() + "/health/ready: " + lastAnswer + "); the end of its log " + logFile
                        + ":\n" + logTail());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** The last lines of its log, for a failure message. */
    String logTail() {
        return ChildJvm.logTail(logFile, LOG_TAIL_LINES);
    }

    /**
     * SIGTERM, so Kafka Streams closes cleanly, then SIGKILL if it has not exited within {@link #STOP_TIMEOUT}.
     *
     * @return whether it stopped on SIGTERM (or had stopped already)
     */
    boolean stop() {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
