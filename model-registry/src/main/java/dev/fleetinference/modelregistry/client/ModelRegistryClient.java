package dev.fleetinference.modelregistry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetinference.modelregistry.api.RegistryJson;
import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.catalog.ModelNames;
import dev.fleetinference.modelregistry.catalog.ModelSummary;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Client of the model registry's HTTP API; thread-safe. Answers come back as the Avro
 * {@link ModelVersion} records the catalog topic holds. A refusal or an unreachable registry is a
 * {@link ModelRegistryException}; a download that does not match its digest is an
 * {@link ArtifactDigestMismatchException}.
 */
public final class ModelRegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MISSING = Set.of("model_not_found", "version_not_found", "no_production_version");
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private final ModelRegistryClientConfig config;
    private final HttpClient http;

    public ModelRegistryClient(ModelRegistryClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Uploads a model as a new version of {@code name} and returns it (stage NONE). A directory is
     * zipped with {@link ModelArtifacts} first; a file is sent as the zip it must be.
     */
    public ModelVersion register(String name, Path savedModelDirOrZip) {
        ModelNames.check(name);
        Path zip = savedModelDirOrZip;
        Path temporaryZip = null;
        try {
            if (Files.isDirectory(savedModelDirOrZip)) {
                // the model's name in the file's: a zip left behind by a crash says whose it was
                temporaryZip = Files.createTempFile("fleet-model-" + name + "-", ".zip");
                zip = ModelArtifacts.zip(savedModelDirOrZip, temporaryZip);
            } else if (!Files.isRegularFile(savedModelDirOrZip)) {
                throw new IllegalArgumentException("no SavedModel directory or zip at " + savedModelDirOrZip.toAbsolutePath());
            }
            HttpRequest request = write(uri("/models/" + name + "/versions"))
                    .timeout(config.transferTimeout())
                    .header("Content-Type", ModelArtifacts.CONTENT_TYPE)
                    // no Expect: 100-continue: Java 17's client can wait forever when the answer is a refusal
                    .POST(HttpRequest.BodyPublishers.ofFile(zip))
                    .build();
            return parsed(sendForJson(request, 201), RegistryJson::versionFromJson);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip or read the model at " + savedModelDirOrZip.toAbsolutePath(), e);
        } finally {
            if (temporaryZip != null) {
                deleteQuietly(temporaryZip);
            }
        }
    }

    /** Every model with its latest and production version. */
    public List<ModelSummary> models() {
        return list(sendForJson(read(uri("/models")).GET().build(), 200), RegistryJson::summaryFromJson);
    }

    /** The versions of {@code name}, oldest first; empty if there is no such model. */
    public List<ModelVersion> versions(String name) {
        ModelNames.check(name);
        return ifFound(() -> list(sendForJson(read(uri("/models/" + name + "/versions")).GET().build(), 200),
                RegistryJson::versionFromJson)).orElse(List.of());
    }

    public Optional<ModelVersion> version(String name, int version) {
        ModelNames.check(name);
        return ifFound(() -> parsed(sendForJson(read(uri("/models/" + name + "/versions/" + version)).GET().build(), 200),
                RegistryJson::versionFromJson));
    }

    /**
     * The version of {@code name} in PRODUCTION; empty if there is none, or no such model. Empty is
     * also the answer for a moment during a promotion (the old version is archived first): a caller
     * already serving a version should keep serving it.
     */
    public Optional<ModelVersion> production(String name) {
        ModelNames.check(name);
        return ifFound(() -> parsed(sendForJson(read(uri("/models/" + name + "/production")).GET().build(), 200),
                RegistryJson::versionFromJson));
    }

    /**
     * Moves a version to STAGING, PRODUCTION or ARCHIVED and returns it as changed. Promoting to
     * PRODUCTION archives the version that was; promoting an older version rolls back.
     */
    public ModelVersion setStage(String name, int version, ModelStage stage) {
        ModelNames.check(name);
        String body = JSON.createObjectNode().put("stage", stage.name()).toString();
        HttpRequest request = write(uri("/models/" + name + "/versions/" + version + "/stage"))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return parsed(sendForJson(request, 200), RegistryJson::versionFromJson);
    }

    /**
     * Downloads a version's artifact to {@code target} and returns the version as the registry
     * describes it; {@link #download(ModelVersion, Path)} checks the bytes against that description.
     * A caller that already knows the version from elsewhere (the catalog topic) should use that
     * method with what it knows, so the registry's answer is checked rather than taken on its word.
     */
    public ModelVersion download(String name, int version, Path target) {
        ModelVersion described = version(name, version).orElseThrow(() -> new ModelRegistryException(
                "model '" + name + "' has no version " + version + " at " + config.baseUrl(), 404, "version_not_found",
                null));
        download(described, target);
        return described;
    }

    /**
     * Downloads the artifact of {@code expected} to {@code target}, accepting it only if it has the
     * size and sha256 that {@code expected} records (and the ETag agrees): {@code expected} is the
     * version as the caller trusts it, such as a scorer read from the catalog topic. The bytes go to
     * a temporary file beside {@code target} and are hashed on the way; only if they match is the
     * file moved into place, so {@code target} never holds anything else. A {@code target} that
     * already holds that content is left as it is.
     *
     * <p>The whole transfer, body included, must finish within the config's transfer timeout; if it
     * does not, the download is abandoned with a {@link ModelRegistryException} (error
     * {@code transfer_timeout}). A mismatch is an {@link ArtifactDigestMismatchException}.
     */
    public void download(ModelVersion expected, Path target) {
        ModelNames.check(expected.getName());
        Sha256 digest = new Sha256(expected.getDigest());
        try {
            if (Files.isRegularFile(target) && Files.size(target) == expected.getSizeBytes()
                    && Sha256.of(target).equals(digest)) {
                return;
            }
            Path dir = Files.createDirectories(target.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            try {
                fetchVerified(expected, digest, temp);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the artifact of " + expected.getName() + " version "
                    + expected.getVersion() + " to " + target.toAbsolutePath(), e);
        }
    }

    private void fetchVerified(ModelVersion version, Sha256 expected, Path temp) throws IOException {
        String path = "/models/" + version.getName() + "/versions/" + version.getVersion() + "/artifact";
        HttpRequest request = read(uri(path)).timeout(config.transferTimeout()).GET().build();
        TransferDeadline deadline = TransferDeadline.startingNow(config.transferTimeout());
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        String where = version.getName() + " version " + version.getVersion() + " from " + config.baseUrl();
        MessageDigest digest = Sha256.newDigest();
        long size = 0;
        try (InputStream body = response.body(); deadline) {
            deadline.enforceOn(body);
            if (response.statusCode() != 200) {
                throw failure(request, response.statusCode(), new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8));
            }
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = read(body, buffer, deadline, request); n >= 0; n = read(body, buffer, deadline, request)) {
                    size += n;
                    digest.update(buffer, 0, n);
                    if (size > version.getSizeBytes()) {
                        // no need to read on: whatever follows, these are not the version's bytes
                        throw new ArtifactDigestMismatchException("the artifact of " + where + " is longer than the "
                                + version.getSizeBytes() + " bytes recorded for it; the download was discarded",
                                version.getName(), version.getVersion(), expected, Sha256.of(digest));
                    }
                    out.write(buffer, 0, n);
                }
            }
        }
        Sha256 actual = Sha256.of(digest);
        if (size != version.getSizeBytes()) {
            throw new ArtifactDigestMismatchException("the artifact of " + where + " has " + size + " bytes, but "
                    + version.getSizeBytes() + " were recorded for it; the download was discarded",
                    version.getName(), version.getVersion(), expected, actual);
        }
        if (!actual.equals(expected)) {
            throw new ArtifactDigestMismatchException("the artifact of " + where + " has sha256 " + actual
                    + ", but the version records " + expected + "; the download was discarded",
                    version.getName(), version.getVersion(), expected, actual);
        }
        Optional<String> etag = response.headers().firstValue("ETag").map(ModelRegistryClient::unquote);
        if (etag.isPresent() && !etag.get().equals(expected.hex())) {
            throw new ArtifactDigestMismatchException("the artifact of " + where + " came with ETag " + etag.get()
                    + ", but the version records " + expected + "; the download was discarded",
                    version.getName(), version.getVersion(), expected, actual);
        }
    }

    // HttpRequest.timeout ends with the answer's headers; the deadline is what bounds the body.
    private int read(InputStream body, byte[] buffer, TransferDeadline deadline, HttpRequest request)
            throws IOException {
        int n;
        try {
            n = body.read(buffer);
        } catch (IOException e) {
            if (deadline.passed()) {
                throw transferTimeout(request, e);
            }
            throw e;
        }
        // checked after a read that returned, too: the deadline ends a stalled read by closing the stream
        if (deadline.passed()) {
            throw transferTimeout(request, null);
        }
        return n;
    }

    private ModelRegistryException transferTimeout(HttpRequest request, IOException cause) {
        return new ModelRegistryException(describe(request) + " did not finish within the transfer timeout of "
                + config.transferTimeout() + "; the partial download was discarded",
                ModelRegistryException.NO_RESPONSE, "transfer_timeout", cause);
    }

    // every call carries the token: a registry with a read token refuses anonymous reads as well as writes
    private HttpRequest.Builder read(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Accept", "application/json");
        config.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    private HttpRequest.Builder write(URI uri) {
        return read(uri);
    }

    private URI uri(String path) {
        return URI.create(config.baseUrl() + path);
    }

    private JsonNode sendForJson(HttpRequest request, int expectedStatus) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != expectedStatus) {
            throw failure(request, response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ModelRegistryException(describe(request) + " answered HTTP " + response.statusCode()
                    + " with a body that is not JSON: " + abbreviate(response.body()), response.statusCode(),
                    "bad_response", e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new ModelRegistryException(describe(request) + " got no answer from the registry (" + e + ")",
                    ModelRegistryException.NO_RESPONSE, "unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelRegistryException(describe(request) + " was interrupted",
                    ModelRegistryException.NO_RESPONSE, "unreachable", e);
        }
    }

    private static ModelRegistryException failure(HttpRequest request, int status, String body) {
        String error = "http_" + status;
        String message = body == null || body.isBlank() ? "(empty body)" : abbreviate(body);
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.path("error").isTextual()) {
                error = node.get("error").textValue();
                message = node.path("message").asText(message);
            }
        } catch (IOException e) {
            // not JSON: the raw body already is the best message there is
        }
        return new ModelRegistryException(describe(request) + " failed: HTTP " + status + " " + error + ": " + message,
                status, error, null);
    }

    private static <T> Optional<T> ifFound(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (ModelRegistryException e) {
            // only the registry's own "no such thing" means absent; a 404 from elsewhere is a wrong URL
            if (e.isNotFound() && MISSING.contains(e.error())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static <T> List<T> list(JsonNode node, Function<JsonNode, T> item) {
        if (node == null || !node.isArray()) {
            throw new ModelRegistryException("the registry answered " + node + " where a JSON array was expected",
                    200, "bad_response", null);
        }
        List<T> items = new ArrayList<>();
        node.forEach(element -> items.add(parsed(element, item)));
        return List.copyOf(items);
    }

    private static <T> T parsed(JsonNode node, Function<JsonNode, T> parser) {
        try {
            return parser.apply(node);
        } catch (IllegalArgumentException e) {
            throw new ModelRegistryException("the registry answered JSON this client cannot read: " + e.getMessage(),
                    200, "bad_response", e);
        }
    }

    private static String describe(HttpRequest request) {
        return "model registry " + request.method() + " " + request.uri();
    }

    private static String unquote(String etag) {
        String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
        return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"") ? tag.substring(1, tag.length() - 1) : tag;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary zip left in the temp directory harms nothing; the upload's outcome matters more
        }
    }
}
