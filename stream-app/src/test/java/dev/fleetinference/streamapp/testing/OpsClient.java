package dev.fleetinference.streamapp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A stream app's health and metrics endpoints, read as an orchestrator and Prometheus read them. */
public final class OpsClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public OpsClient(int port) {
        this.port = port;
    }

    /** The status code of {@code GET path}, e.g. 503 from {@code /health/live}. */
    public int status(String path) {
        return get(path).statusCode();
    }

    /** The sum of every series of the Prometheus metric {@code name}; 0 if it has none. */
    public double metric(String name) {
        Matcher series = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.E+-]+)$")
                .matcher(get("/metrics").body());
        double total = 0;
        while (series.find()) {
            total += Double.parseDouble(series.group(2));
        }
        return total;
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT)
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + request.uri(), e);
        }
    }
}
