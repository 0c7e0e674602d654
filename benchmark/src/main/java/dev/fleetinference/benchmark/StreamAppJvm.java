package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.kafka.ChildJvm;
import dev.fleetinference.localstack.kafka.ParentWatchingLauncher;
import dev.fleetinference.streamapp.StreamAppMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stream app in a JVM of its own, as in production ({@link StreamAppMain}, configured by {@code FLEET_*}
 * variables), for the crash run to SIGKILL. None outlives the benchmark: it follows this JVM through local-stack's
 * {@link ParentWatchingLauncher}, and a shutdown hook SIGKILLs it when the benchmark is stopped with Ctrl-C.
 */
final class StreamAppJvm implements AutoCloseable {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    private static final String HEAP = "-Xmx512m";
    private static final int LOG_TAIL_LINES = 60;

    private final Process process;
    private final HttpRequest ready;
    private final Path logFile;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private StreamAppJvm(Process process, int httpPort, Path logFile) {
        this.process = process;
        this.ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(HTTP_TIMEOUT).GET().build();
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::killQuietly, "stream-app-jvm-kill-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the stream app on this JVM's class path (which holds stream-app) with {@code fleetEnv} in place of any
     * {@code FLEET_*} variable of this JVM; its health endpoint on 127.0.0.1:{@code httpPort} (which {@code fleetEnv}
     * must set), its output appended to {@code logFile}, logging as {@code ./fleet stream-app} does.
     */
    static StreamAppJvm start(Map<String, String> fleetEnv, int httpPort, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            // this class path has the benchmark's log4j2.xml (and in tests log4j2-test.xml) before stream-app's
            List<String> jvmOptions = List.of(HEAP,
                    "-Dlog4j2.configurationFile=" + streamAppLogConfig(logFile.getParent()).toUri());
            ProcessBuilder builder = ChildJvm.onThisClassPath(jvmOptions, StreamAppMain.class.getName(), fleetEnv,
                    "FLEET_", logFile);
            // TensorFlow's C++ runtime reads its log level from the environment only
            builder.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
            return new StreamAppJvm(builder.start(), httpPort, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stream app (log " + logFile + ")", e);
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

    /**
     * Waits until {@code GET /health/ready} answers 200: the model is loaded and Kafka Streams runs.
     *
     * @throws BenchFailedException with the end of the log if it exits first or is not ready in time
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException("the stream app (pid " + pid() + ") was not ready within "
                        + timeout.toSeconds() + " s; the end of its log " + logFile + ":\n" + logTail());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * Whether {@code GET /health/ready} answers 200 now.
     *
     * @throws BenchFailedException with the end of the log if it has exited
     */
    boolean isReady() throws InterruptedException {
        if (!process.isAlive()) {
            throw new BenchFailedException(exitedMessage("while starting"));
        }
        try {
            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            // starting: the port opens once the app has read its settings
            return false;
        }
    }

    /** Why it is gone, with the end of its log. */
    String exitedMessage(String when) {
        return "the stream app (pid " + pid() + ") exited with code " + process.exitValue() + " " + when
                + "; the end of its log " + logFile + ":\n" + logTail();
    }

    /** SIGKILL, to it and anything it started: no shutdown hook, no transaction ended, no state flushed. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new BenchFailedException("the stream app (pid " + pid() + ") still runs " + EXIT_TIMEOUT.toSeconds()
                    + " s after SIGKILL");
        }
        unregisterHook();
    }

    /** SIGTERM, so Kafka Streams closes cleanly; SIGKILL if it has not exited within {@link #STOP_TIMEOUT}. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        unregisterHook();
    }

    /** The last lines of its output. */
    String logTail() {
        return ChildJvm.logTail(logFile, LOG_TAIL_LINES);
    }

    /** Kills it if it still runs: on a failed run nothing waits for a clean shutdown. */
    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void killQuietly() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void unregisterHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it kills what is already dead
        }
    }

    /**
     * The stream app's own log4j2.xml, from the jar (or classes directory) that holds {@link StreamAppMain}, copied
     * into {@code dir} beside the logs.
     */
    private static Path streamAppLogConfig(Path dir) throws IOException {
        Path target = dir.resolve("stream-app-log4j2.xml");
        if (Files.exists(target)) {
            return target;
        }
        Path source;
        try {
            source = Path.of(StreamAppMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot tell where the stream app's classes are", e);
        }
        URI config = Files.isDirectory(source) ? source.resolve("log4j2.xml").toUri()
                : URI.create("jar:" + source.toUri() + "!/log4j2.xml");
        try (InputStream in = config.toURL().openStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
