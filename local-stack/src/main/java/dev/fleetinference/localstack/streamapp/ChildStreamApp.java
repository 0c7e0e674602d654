package dev.fleetinference.localstack.streamapp;

import dev.fleetinference.localstack.process.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stream app as it runs in production, in a JVM of its own: configured by {@code FLEET_*} variables only, its
 * output in a log file, its readiness on {@code GET /health/ready}. It follows this JVM (see {@link ChildJvm}), so
 * none outlives its owner; {@link #kill()} is a SIGKILL, a crash with no clean-up.
 *
 * <p>Used by the demo (the packaged jar), the benchmark's crash run and the crash test (this JVM's class path):
 * local-stack is the one module all three depend on, and it needs nothing of the stream app's classes.
 */
public final class ChildStreamApp implements AutoCloseable {

    /** How long {@link #stop()} waits after SIGTERM before it sends SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(15);
    static final String HTTP_PORT = "FLEET_HTTP_PORT";
    private static final String OWN_PREFIX = "FLEET_";
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    private static final int LOG_TAIL_LINES = 60;
    private static final Pattern SCORED = Pattern.compile("(?m)^fleet_events_scored_total\\{([^}]*)} ([0-9.E+-]+)$");

    private final Process process;
    private final String baseUrl;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private final AtomicReference<Thread> exitHook = new AtomicReference<>();

    private ChildStreamApp(Process process, int httpPort, Path logFile) {
        this.process = process;
        this.baseUrl = "http://127.0.0.1:" + httpPort;
        this.logFile = logFile;
    }

    /**
     * Starts {@code jvm} (the stream app's main class on a class path) with this JVM's environment and
     * {@code fleetEnv} (see {@link #environment}), its output appended to {@code logFile}. {@code fleetEnv} must set
     * {@value #HTTP_PORT}: the app's health endpoints are looked for on 127.0.0.1 at that port.
     */
    public static ChildStreamApp start(ChildJvm jvm, Map<String, String> fleetEnv, Path logFile) {
        String port = fleetEnv.get(HTTP_PORT);
        if (port == null) {
            throw new IllegalArgumentException("the stream app's settings must set " + HTTP_PORT
                    + ": its readiness is polled there");
        }
        try {
            Process process = jvm.withEnvironment(environment(System.getenv(), fleetEnv)).start(logFile);
            return new ChildStreamApp(process, Integer.parseInt(port), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stream app (log " + logFile + ")", e);
        }
    }

    /**
     * The child's environment: {@code inherited} without any {@code FLEET_*} variable of its own (a developer's
     * {@code FLEET_HTTP_PORT} must not move the app off the port that is polled), plus {@code fleetEnv}.
     */
    public static Map<String, String> environment(Map<String, String> inherited, Map<String, String> fleetEnv) {
        Map<String, String> env = new TreeMap<>(inherited);
        env.keySet().removeIf(name -> name.startsWith(OWN_PREFIX));
        env.putAll(fleetEnv);
        // TensorFlow's C++ runtime reads its log level from the environment only; 2 keeps its info lines out
        env.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
        return env;
    }

    /** SIGKILLs it when this JVM exits (Ctrl-C, say) while it still runs; {@link #stop()} and {@link #kill()} undo it. */
    public ChildStreamApp killAtExit() {
        Thread hook = new Thread(this::killQuietly, "stream-app-kill-" + process.pid());
        if (exitHook.compareAndSet(null, hook)) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return this;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Waits until {@code GET /health/ready} answers 200: the model is loaded and Kafka Streams runs.
     *
     * @throws StreamAppNotReadyException with the end of its log if it exits first or is not ready in time
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new StreamAppNotReadyException(exitedMessage("while starting"));
            }
            Readiness readiness = probe();
            if (readiness.ready()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StreamAppNotReadyException("the stream app was not ready within " + timeout.toSeconds()
                        + " s (" + baseUrl + "/health/ready: " + readiness.answer() + "; pid " + pid()
                        + "); the end of its log " + logFile + ":\n" + logTail(LOG_TAIL_LINES));
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** Whether {@code GET /health/ready} answers 200 now; false while it starts, and once it has exited. */
    public boolean isReady() throws InterruptedException {
        return process.isAlive() && probe().ready();
    }

    /** Why it is gone, {@code when} it went, with the end of its log; call once it has exited. */
    public String exitedMessage(String when) {
        return "the stream app exited with code " + process.exitValue() + " " + when + " (pid " + pid()
                + "); the end of its log " + logFile + ":\n" + logTail(LOG_TAIL_LINES);
    }

    /** Events this incarnation scored, from its {@code /metrics}: 0 before its first batch. */
    public long scored() {
        return scored(labels -> true);
    }

    /** Events this incarnation scored with {@code version} of its model, from its {@code /metrics}. */
    public long scoredWithVersion(int version) {
        String label = "version=\"" + version + "\"";
        return scored(labels -> labels.contains(label));
    }

    private long scored(Predicate<String> labels) {
        try {
            String metrics = http.send(request("/metrics"), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = SCORED.matcher(metrics);
            double total = 0;
            while (matcher.find()) {
                if (labels.test(matcher.group(1))) {
                    total += Double.parseDouble(matcher.group(2));
                }
            }
            return (long) total;
        } catch (IOException e) {
            throw new UncheckedIOException("no /metrics from the stream app (pid " + pid() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading /metrics", e);
        }
    }

    /** The last {@code lines} lines of its output. */
    public String logTail(int lines) {
        return ChildJvm.logTail(logFile, lines);
    }

    /**
     * SIGTERM, so Kafka Streams closes cleanly, then SIGKILL if it has not exited within {@link #STOP_GRACE}.
     *
     * @return whether it stopped on SIGTERM (or had stopped already)
     */
    public boolean stop() {
        try {
            if (!process.isAlive()) {
                return true;
            }
            process.destroy();
            if (process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            kill();
            return false;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        } finally {
            removeExitHook();
        }
    }

    /**
     * SIGKILL, to it and anything it started: no shutdown hook runs, no transaction is committed or aborted, no state
     * is flushed. Waits until it is gone.
     */
    public void kill() throws InterruptedException {
        if (!destroyForcibly()) {
            throw new IllegalStateException("the stream app (pid " + pid() + ") still runs "
                    + KILL_TIMEOUT.toSeconds() + " s after SIGKILL");
        }
        removeExitHook();
    }

    /** Kills it if it still runs, and waits for it to exit: on a failed run nothing waits for a clean shutdown. */
    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private record Readiness(boolean ready, String answer) {
    }

    private Readiness probe() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(request("/health/ready"), HttpResponse.BodyHandlers.ofString());
            return new Readiness(response.statusCode() == 200, response.statusCode() + " " + response.body().strip());
        } catch (IOException notListeningYet) {
            // starting: the port opens once the app has read its settings
            return new Readiness(false, "not listening (" + notListeningYet.getClass().getSimpleName() + ")");
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(HTTP_TIMEOUT).GET().build();
    }

    private void killQuietly() {
        try {
            destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // whether it is gone within the kill timeout
    private boolean destroyForcibly() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void removeExitHook() {
        Thread hook = exitHook.getAndSet(null);
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it kills what is already dead
            }
        }
    }
}
