package dev.fleetinference.streamapp.testing;

import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.kafka.ChildJvm;
import dev.fleetinference.streamapp.StreamAppMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stream app as it runs in production: {@link StreamAppMain} in a JVM of its own, configured by {@code FLEET_*}
 * variables only, its output in a log file. It follows this JVM (through local-stack's {@code ParentWatchingLauncher}),
 * so a test run that dies leaves no stream app behind; {@link #kill()} is a SIGKILL, a crash with no clean-up.
 */
public final class ChildStreamApp implements AutoCloseable {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern SCORED = Pattern.compile("(?m)^fleet_events_scored_total\\{[^}]*} ([0-9.E+-]+)$");

    private final Process process;
    private final int httpPort;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private ChildStreamApp(Process process, int httpPort, Path logFile) {
        this.process = process;
        this.httpPort = httpPort;
        this.logFile = logFile;
    }

    /**
     * Starts the app with {@code fleetEnv} (which must set {@code FLEET_HTTP_HOST=127.0.0.1} and
     * {@code FLEET_HTTP_PORT}) in place of any {@code FLEET_*} variable this JVM has, {@code jvmOptions} before the
     * class path, and its output appended to {@code logFile}.
     */
    public static ChildStreamApp start(Map<String, String> fleetEnv, List<String> jvmOptions, Path logFile) {
        int port = Integer.parseInt(fleetEnv.get("FLEET_HTTP_PORT"));
        ProcessBuilder builder = ChildJvm.onThisClassPath(jvmOptions, StreamAppMain.class.getName(), fleetEnv,
                "FLEET_", logFile);
        // TensorFlow's C++ runtime reads its log level from the environment only
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        try {
            Files.createDirectories(logFile.getParent());
            return new ChildStreamApp(builder.start(), port, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stream app (log " + logFile + ")", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits until {@code GET /health/ready} answers 200; fails with the end of the log if the app exits first. */
    public void awaitReady(Duration timeout) {
        HttpRequest ready = request("/health/ready");
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the stream app (pid " + pid() + ") exited with code "
                        + process.exitValue() + " before it was ready; the end of " + logFile + ":\n" + logTail(60));
            }
            try {
                return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notListeningYet) {
                return false;
            }
        });
    }

    /** Events this incarnation scored, from its {@code /metrics}: 0 before its first batch. */
    public long scored() {
        try {
            String metrics = http.send(request("/metrics"), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = SCORED.matcher(metrics);
            double total = 0;
            while (matcher.find()) {
                total += Double.parseDouble(matcher.group(1));
            }
            return (long) total;
        } catch (IOException e) {
            throw new UncheckedIOException("no /metrics from the stream app (pid " + pid() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading /metrics", e);
        }
    }

    /** SIGKILL: no shutdown hook runs, no transaction is committed or aborted, no state is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the stream app (pid " + pid() + ") still runs 30 s after SIGKILL");
        }
    }

    /** The last {@code lines} lines of its output. */
    public String logTail(int lines) {
        return ChildJvm.logTail(logFile, lines);
    }

    /** Kills it if it still runs, and waits for it to exit. */
    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(HTTP_TIMEOUT).GET()
                .build();
    }
}
