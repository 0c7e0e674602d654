package dev.fleetinference.modelregistry.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fleetinference.modelregistry.artifacts.ArtifactContent;
import dev.fleetinference.modelregistry.artifacts.ArtifactInspector;
import dev.fleetinference.modelregistry.artifacts.ArtifactRejectedException;
import dev.fleetinference.modelregistry.artifacts.ArtifactStore;
import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.artifacts.StagedUpload;
import dev.fleetinference.modelregistry.artifacts.UploadStaging;
import dev.fleetinference.modelregistry.catalog.CatalogUnavailableException;
import dev.fleetinference.modelregistry.catalog.ModelCatalog;
import dev.fleetinference.modelregistry.catalog.ModelNames;
import dev.fleetinference.modelregistry.catalog.UnknownModelException;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.EOFException;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's HTTP API. Writes (upload, stage change) need the write token; reads of models, versions and
 * artifacts need the read token or the write token, unless no read token is configured (an open stack's registry);
 * {@code /health} is always open. Every refusal is {@code {"error", "message"}} JSON with a 4xx status, never a stack trace.
 */
public final class ModelRegistryApi {

    public static final String JSON_TYPE = "application/json";
    private static final Logger log = LoggerFactory.getLogger(ModelRegistryApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWERED = "model-registry.answered";
    private static final Set<ModelStage> SETTABLE = EnumSet.of(ModelStage.STAGING, ModelStage.PRODUCTION, ModelStage.ARCHIVED);

    private final ModelCatalog catalog;
    private final ArtifactStore store;
    private final ArtifactInspector inspector;
    private final UploadStaging staging;
    private final BearerAuth writers;
    /** Empty: reads are open. */
    private final Optional<BearerAuth> readers;
    private final long maxUploadBytes;

    /** With reads open to anyone when {@code readToken} is empty. */
    public ModelRegistryApi(ModelCatalog catalog, ArtifactStore store, ArtifactInspector inspector,
                            UploadStaging staging, String writeToken, Optional<String> readToken, long maxUploadBytes) {
        this.catalog = catalog;
        this.store = store;
        this.inspector = inspector;
        this.staging = staging;
        this.writers = new BearerAuth(writeToken);
        // whoever may write may read, so a tool holding the write token needs no second one
        this.readers = readToken.map(token -> new BearerAuth(List.of(token, writeToken)));
        this.maxUploadBytes = maxUploadBytes;
    }

    /** Adds the routes and the error handling to {@code app}. */
    public void addTo(Javalin app) {
        app.get("/health", ctx -> json(ctx, 200, JSON.createObjectNode().put("status", "UP")));
        app.get("/models", this::listModels);
        app.get("/models/{name}/versions", this::listVersions);
        app.post("/models/{name}/versions", this::upload);
        app.get("/models/{name}/versions/{version}", this::describeVersion);
        app.get("/models/{name}/versions/{version}/artifact", this::download);
        app.post("/models/{name}/versions/{version}/stage", this::setStage);
        app.get("/models/{name}/production", this::production);

        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.error(), e.getMessage()));
        app.exception(ArtifactRejectedException.class, (e, ctx) -> {
            log.info("refused an upload to {}: {}", ctx.path(), e.getMessage());
            error(ctx, statusOf(e.reason()), e.reason().code(), e.getMessage());
        });
        app.exception(UnknownModelException.class, (e, ctx) ->
                error(ctx, 404, e.version().isPresent() ? "version_not_found" : "model_not_found", e.getMessage()));
        app.exception(CatalogUnavailableException.class, (e, ctx) -> {
            log.error("catalog unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 503, "catalog_unavailable", "the model catalog (Kafka) is unavailable: " + e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) ->
                error(ctx, e.getStatus(), codeOf(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "internal error (" + e.getClass().getSimpleName() + "); see the registry's log");
        });
        app.error(404, ctx -> errorUnlessAnswered(ctx, 404, "not_found", "no such resource: " + ctx.path()));
        app.error(405, ctx -> errorUnlessAnswered(ctx, 405, "method_not_allowed",
                ctx.method() + " is not allowed on " + ctx.path()));
    }

    private void listModels(Context ctx) {
        requireReader(ctx);
        ArrayNode models = JSON.createArrayNode();
        catalog.models().forEach(summary -> models.add(RegistryJson.toJson(summary)));
        json(ctx, 200, models);
    }

    private void listVersions(Context ctx) {
        requireReader(ctx);
        ArrayNode versions = JSON.createArrayNode();
        catalog.versions(name(ctx)).forEach(version -> versions.add(RegistryJson.toJson(version)));
        json(ctx, 200, versions);
    }

    private void describeVersion(Context ctx) {
        requireReader(ctx);
        json(ctx, 200, RegistryJson.toJson(catalog.version(name(ctx), version(ctx))));
    }

    private void production(Context ctx) {
        requireReader(ctx);
        String name = name(ctx);
        ModelVersion version = catalog.production(name).orElseThrow(() ->
                new ApiException(404, "no_production_version", "model '" + name + "' has no version in PRODUCTION"));
        json(ctx, 200, RegistryJson.toJson(version));
    }

    private void upload(Context ctx) throws IOException {
        requireWriter(ctx);
        String name = name(ctx);
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!contentType.equals(ModelArtifacts.CONTENT_TYPE) && !contentType.startsWith(ModelArtifacts.CONTENT_TYPE + ";")) {
            throw new ApiException(415, "unsupported_media_type", "an upload is one zip with Content-Type "
                    + ModelArtifacts.CONTENT_TYPE + ", got '" + contentType + "'");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes) {
            // refused before reading a byte; a client that sent Expect: 100-continue sends nothing at all
            throw new ArtifactRejectedException(ArtifactRejectedException.Reason.UPLOAD_TOO_LARGE,
                    "the upload is " + declared + " bytes; the limit is " + maxUploadBytes);
        }
        StagedUpload upload;
        try {
            upload = staging.receive(ctx.req().getInputStream());
        } catch (EOFException e) {
            throw new ApiException(400, "incomplete_upload", "the upload ended before its declared length");
        }
        try (upload) {
            ModelMetadata metadata = inspector.inspect(upload.file());
            store.put(upload.digest(), upload.file());
            ModelVersion version = catalog.register(name, upload.digest(), upload.sizeBytes(), metadata);
            ctx.header("Location", "/models/" + name + "/versions/" + version.getVersion());
            json(ctx, 201, RegistryJson.toJson(version));
        }
    }

    private void download(Context ctx) throws IOException {
        requireReader(ctx);
        ModelVersion version = catalog.version(name(ctx), version(ctx));
        String etag = "\"" + version.getDigest() + "\"";
        if (matches(ctx.header("If-None-Match"), etag)) {
            cacheHeaders(ctx, etag);
            ctx.attribute(ANSWERED, true);
            ctx.status(304);
            // a 304 has no body, so the JSON type Javalin sets by default would describe nothing
            ctx.res().setContentType(null);
            return;
        }
        ArtifactContent content = store.open(new Sha256(version.getDigest())).orElseThrow(() ->
                new ApiException(500, "artifact_missing", "the artifact " + version.getDigest() + " of "
                        + version.getName() + " version " + version.getVersion() + " is missing from the store"));
        cacheHeaders(ctx, etag);
        ctx.attribute(ANSWERED, true);
        ctx.status(200).contentType(ModelArtifacts.CONTENT_TYPE);
        // Javalin sets UTF-8 for every answer, which would make Jetty add a charset to a zip
        ctx.res().setCharacterEncoding(null);
        ctx.header("Content-Length", Long.toString(content.sizeBytes()));
        ctx.header("Content-Disposition", "attachment; filename=\"" + version.getName() + "-" + version.getVersion()
                + ".zip\"");
        ctx.result(content.stream());
    }

    private static void cacheHeaders(Context ctx, String etag) {
        ctx.header("ETag", etag);
        // a version's artifact never changes, so caches may keep it for good
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    }

    private void setStage(Context ctx) {
        requireWriter(ctx);
        String name = name(ctx);
        int version = version(ctx);
        JsonNode stageNode = body(ctx).get("stage");
        ModelStage stage = SETTABLE.stream()
                .filter(s -> stageNode != null && stageNode.isTextual() && s.name().equals(stageNode.textValue()))
                .findFirst()
                .orElseThrow(() -> new ApiException(400, "invalid_stage", "stage must be one of " + SETTABLE
                        + ", got " + stageNode));
        json(ctx, 200, RegistryJson.toJson(catalog.setStage(name, version, stage)));
    }

    private void requireWriter(Context ctx) {
        require(writers, ctx, "writes", "the write token");
    }

    private void requireReader(Context ctx) {
        readers.ifPresent(auth -> require(auth, ctx, "reads", "the read token or the write token"));
    }

    private static void require(BearerAuth auth, Context ctx, String what, String which) {
        switch (auth.check(ctx.header("Authorization"))) {
            case ALLOWED -> {
            }
            case MISSING -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"model-registry\"");
                throw new ApiException(401, "unauthorized", what + " need an 'Authorization: Bearer <token>' header "
                        + "with " + which);
            }
            case WRONG -> throw new ApiException(403, "forbidden", "the bearer token is not valid for " + what);
        }
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        if (!ModelNames.isValid(name)) {
            throw new ApiException(400, "invalid_model_name", "a model name is 1 to 100 characters of a-z, A-Z, "
                    + "0-9, '.', '_' and '-'; got '" + name + "'");
        }
        return name;
    }

    private static int version(Context ctx) {
        String text = ctx.pathParam("version");
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below, like any other non-positive number
        }
        throw new ApiException(400, "invalid_version", "a version is a positive integer, got '" + text + "'");
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.body());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        throw new ApiException(400, "invalid_json", "the body must be a JSON object");
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static int statusOf(ArtifactRejectedException.Reason reason) {
        return switch (reason) {
            case NOT_A_ZIP -> 400;
            case UNSAFE_ENTRY, NO_SAVED_MODEL, INVALID_METADATA -> 422;
            case UPLOAD_TOO_LARGE, EXPANDS_TOO_LARGE, TOO_MANY_ENTRIES -> 413;
        };
    }

    private static String codeOf(int status) {
        return HttpStatus.forStatus(status).getMessage().toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.attribute(ANSWERED, true);
        ctx.status(status).contentType(JSON_TYPE).result(body.toString());
    }

    private static void error(Context ctx, int status, String error, String message) {
        json(ctx, status, RegistryJson.error(error, message));
    }

    private static void errorUnlessAnswered(Context ctx, int status, String error, String message) {
        if (ctx.attribute(ANSWERED) == null) {
            error(ctx, status, error, message);
        }
    }
}
