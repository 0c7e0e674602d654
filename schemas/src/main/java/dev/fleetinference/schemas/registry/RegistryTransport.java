package dev.fleetinference.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends JSON requests to the registry with auth, timeouts and retries, and turns every failure into a SchemaRegistryException. */
final class RegistryTransport {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            CONTENT_TYPE + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final int MAX_BODY_IN_MESSAGE = 300;
    private static final Logger log = LoggerFactory.getLogger(RegistryTransport.class);

    private final SchemaRegistryClientConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Optional<String> authorization;

    RegistryTransport(SchemaRegistryClientConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        // HTTP/1.1 because an h2c upgrade on plain http confuses some registries and proxies.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.authorization = config.basicAuth()
                .map(userInfo -> "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    RegistryResponse get(String path) {
        return send("GET", path, null);
    }

    RegistryResponse post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    RegistryResponse put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    private RegistryResponse send(String method, String path, JsonNode body) {
        URI uri = URI.create(config.baseUrl() + path);
        HttpRequest request = request(method, uri, body);
        String described = method + " " + uri;
        for (int attempt = 1; ; attempt++) {
            SchemaRegistryException failure;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new RegistryResponse(described, status, parseSuccess(described, status, response.body()));
                }
                failure = errorResponse(described, attempt, status, response.body());
                // A 4xx is the registry's considered answer; asking again cannot change it.
                if (status < 500) {
                    throw failure;
                }
            } catch (IOException e) {
                failure = new SchemaRegistryException(
                        failedPrefix(described, attempt) + "no response from the registry (" + e + ")",
                        SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_ERROR_CODE, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        "Schema Registry " + described + " was interrupted",
                        SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_ERROR_CODE, e);
            }
            if (attempt >= config.maxAttempts()) {
                throw failure;
            }
            Duration pause = backoff(attempt);
            log.warn("{}; attempt {} of {}, retrying in {} ms",
                    failure.getMessage(), attempt, config.maxAttempts(), pause.toMillis());
            sleep(pause, described, failure);
        }
    }

    private HttpRequest request(String method, URI uri, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT);
        authorization.ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE);
            builder.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private JsonNode parseSuccess(String described, int status, String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // falls through to the uniform message below
        }
        throw new SchemaRegistryException(
                "Schema Registry " + described + " returned HTTP " + status + " with a body that is not a JSON object: "
                        + abbreviate(body),
                status, SchemaRegistryException.NO_ERROR_CODE);
    }

    private SchemaRegistryException errorResponse(String described, int attempt, int status, String body) {
        int errorCode = SchemaRegistryException.NO_ERROR_CODE;
        String message = body == null || body.isBlank() ? "(empty body)" : abbreviate(body);
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            if (node != null && node.isObject()) {
                if (node.path("error_code").isIntegralNumber()) {
                    errorCode = node.get("error_code").intValue();
                }
                if (node.path("message").isTextual()) {
                    message = node.get("message").textValue();
                }
            }
        } catch (IOException e) {
            // not JSON: the raw body already is the best message we have
        }
        return new SchemaRegistryException(
                failedPrefix(described, attempt) + "HTTP " + status + ", error_code " + errorCode + ": " + message,
                status, errorCode);
    }

    private static String failedPrefix(String described, int attempt) {
        return "Schema Registry " + described + " failed" + (attempt > 1 ? " after " + attempt + " attempts" : "") + ": ";
    }

    private Duration backoff(int attempt) {
        Duration initial = config.initialBackoff();
        Duration cap = initial.compareTo(SchemaRegistryClientConfig.MAX_BACKOFF) > 0
                ? initial
                : SchemaRegistryClientConfig.MAX_BACKOFF;
        // Doubling stops early so the multiplication cannot overflow.
        Duration pause = initial.multipliedBy(1L << Math.min(attempt - 1, 16));
        return pause.compareTo(cap) > 0 ? cap : pause;
    }

    private static void sleep(Duration pause, String described, SchemaRegistryException lastFailure) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            SchemaRegistryException interrupted = new SchemaRegistryException(
                    "Schema Registry " + described + " was interrupted while waiting to retry after: " + lastFailure.getMessage(),
                    lastFailure.httpStatus(), lastFailure.errorCode(), e);
            interrupted.addSuppressed(lastFailure);
            throw interrupted;
        }
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
