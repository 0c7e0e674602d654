package dev.fleetinference.localstack.modelregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Raw HTTP against a model registry, to check the exact statuses, headers and bodies on the wire. */
final class RegistryHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A status, the headers and the body, with the body parsed as JSON when it is JSON. */
    record Reply(int status, HttpHeaders headers, byte[] body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(body), e);
            }
        }

        String error() {
            return json().path("error").asText();
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    RegistryHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Reply get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    /** Uploads {@code zip} with a Content-Length. */
    Reply upload(String name, byte[] zip, Optional<String> token) {
        HttpRequest.Builder request = request("/models/" + name + "/versions")
                .header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    /** Uploads {@code zip} chunked, with no Content-Length, so only counting the bytes can find it too large. */
    Reply uploadChunked(String name, byte[] zip, String token) {
        return send(request("/models/" + name + "/versions")
                .header("Content-Type", "application/zip").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(zip))));
    }

    Reply post(String path, String contentType, byte[] body, Optional<String> token) {
        HttpRequest.Builder request = request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    Reply stage(String name, int version, String stage, Optional<String> token) {
        return post("/models/" + name + "/versions/" + version + "/stage", "application/json",
                ("{\"stage\": \"" + stage + "\"}").getBytes(), token);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
