package dev.fleetinference.localstack.schemaregistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API subset, with Confluent's JSON shapes and error codes. With users, writes
 * (registering a schema, setting or deleting a compatibility level) need one's basic-auth credentials; reads stay
 * anonymous, since every deserializer looks schemas up by id.
 */
final class SchemaRegistryApi {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWERED = "registry.answered";

    private final SchemaStore store;
    /** Empty: writes are open. */
    private final Optional<BasicAuth> writers;

    SchemaRegistryApi(SchemaStore store, Optional<BasicAuth> writers) {
        this.store = store;
        this.writers = writers;
    }

    void register(Javalin app) {
        app.get("/", ctx -> json(ctx, 200, JSON.createObjectNode()));
        app.get("/schemas/types", ctx -> json(ctx, 200, JSON.createArrayNode().add("AVRO")));
        app.get("/schemas/ids/{id}", this::schemaById);
        app.get("/schemas/guids/{guid}", this::schemaByGuid);
        app.get("/subjects", ctx -> json(ctx, 200, strings(store.subjects())));
        app.get("/subjects/{subject}/versions", this::versions);
        app.get("/subjects/{subject}/versions/{version}", this::version);
        app.get("/subjects/{subject}/versions/{version}/schema", this::rawSchema);
        app.post("/subjects/{subject}/versions", this::registerSchema);
        app.post("/subjects/{subject}", this::lookup);
        app.post("/compatibility/subjects/{subject}/versions/{version}", this::checkCompatibility);
        app.get("/config", ctx -> json(ctx, 200, level("compatibilityLevel", store.globalCompatibility())));
        app.put("/config", ctx -> {
            requireWriter(ctx);
            setCompatibility(ctx, Optional.empty());
        });
        app.get("/config/{subject}", this::subjectCompatibility);
        app.put("/config/{subject}", ctx -> {
            requireWriter(ctx);
            setCompatibility(ctx, Optional.of(ctx.pathParam("subject")));
        });
        app.delete("/config/{subject}", ctx -> {
            requireWriter(ctx);
            json(ctx, 200, level("compatibilityLevel", store.deleteSubjectCompatibility(ctx.pathParam("subject"))));
        });

        app.exception(RegistryException.class, (e, ctx) -> error(ctx, e.httpStatus(), e.errorCode(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, 50000, "Internal server error: " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> errorUnlessAnswered(ctx, 404, 404, "HTTP 404 Not Found: no such resource " + ctx.path()));
        app.error(405, ctx -> errorUnlessAnswered(ctx, 405, 405, "HTTP 405 Method Not Allowed: " + ctx.method()
                + " " + ctx.path()));
    }

    private void schemaById(Context ctx) {
        String idText = ctx.pathParam("id");
        Optional<String> subject = Optional.ofNullable(ctx.queryParam("subject")).filter(s -> !s.isEmpty());
        SubjectVersion holder = store.schemaById(parseIntOr(idText, -1), subject)
                .orElseThrow(() -> RegistryException.schemaNotFound(idText));
        json(ctx, 200, Answers.schema(holder, subject.isPresent()));
    }

    private void schemaByGuid(Context ctx) {
        String guidText = ctx.pathParam("guid");
        SubjectVersion holder = parseGuid(guidText).flatMap(store::schemaByGuid)
                .orElseThrow(() -> RegistryException.schemaNotFound(guidText));
        json(ctx, 200, Answers.schema(holder, false));
    }

    private void versions(Context ctx) {
        ArrayNode versions = JSON.createArrayNode();
        store.versionsOf(ctx.pathParam("subject")).forEach(v -> versions.add(v.version()));
        json(ctx, 200, versions);
    }

    private void version(Context ctx) {
        json(ctx, 200, Answers.stored(selectVersion(ctx.pathParam("subject"), ctx.pathParam("version"))));
    }

    private void rawSchema(Context ctx) {
        SubjectVersion version = selectVersion(ctx.pathParam("subject"), ctx.pathParam("version"));
        ctx.attribute(ANSWERED, true);
        ctx.status(200).contentType(CONTENT_TYPE).result(version.schema());
    }

    private void registerSchema(Context ctx) {
        requireWriter(ctx);
        Schema schema = schemaFrom(body(ctx));
        SubjectVersion registered = store.register(ctx.pathParam("subject"), schema);
        json(ctx, 200, Answers.registered(registered));
    }

    private void lookup(Context ctx) {
        String subject = ctx.pathParam("subject");
        Schema schema = schemaFrom(body(ctx));
        if (!store.hasSubject(subject)) {
            throw RegistryException.subjectNotFound(subject);
        }
        SubjectVersion found = store.lookup(subject, schema)
                .orElseThrow(() -> RegistryException.schemaNotFound("not registered under subject '" + subject + "'"));
        json(ctx, 200, Answers.found(found));
    }

    private void checkCompatibility(Context ctx) {
        String subject = ctx.pathParam("subject");
        String versionText = ctx.pathParam("version");
        Schema candidate = schemaFrom(body(ctx));
        CompatibilityLevel level = store.compatibility(subject);
        Optional<String> violation;
        if (isLatest(versionText)) {
            List<Schema> existing = store.hasSubject(subject)
                    ? store.versionsOf(subject).stream().map(v -> parse(v.schema())).toList() : List.of();
            violation = level.violation(candidate, existing);
        } else {
            SubjectVersion against = selectVersion(subject, versionText);
            violation = level.violation(candidate, List.of(parse(against.schema())));
        }
        ObjectNode answer = JSON.createObjectNode().put("is_compatible", violation.isEmpty());
        if (ctx.queryParamAsClass("verbose", Boolean.class).getOrDefault(false)) {
            answer.set("messages", strings(violation.map(List::of).orElse(List.of())));
        }
        json(ctx, 200, answer);
    }

    private void subjectCompatibility(Context ctx) {
        String subject = ctx.pathParam("subject");
        boolean defaultToGlobal = ctx.queryParamAsClass("defaultToGlobal", Boolean.class).getOrDefault(false);
        CompatibilityLevel level = store.subjectCompatibility(subject)
                .or(() -> defaultToGlobal ? Optional.of(store.globalCompatibility()) : Optional.empty())
                .orElseThrow(() -> RegistryException.noSubjectCompatibility(subject));
        json(ctx, 200, level("compatibilityLevel", level));
    }

    private void setCompatibility(Context ctx, Optional<String> subject) {
        JsonNode requested = body(ctx).get("compatibility");
        if (requested == null || !requested.isTextual()) {
            throw RegistryException.invalidCompatibility(String.valueOf(requested));
        }
        CompatibilityLevel level = CompatibilityLevel.parse(requested.asText());
        store.setCompatibility(subject, level);
        json(ctx, 200, level("compatibility", level));
    }

    private void requireWriter(Context ctx) {
        if (writers.isPresent() && !writers.get().allows(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Basic realm=\"schema-registry\"");
            throw RegistryException.unauthorized();
        }
    }

    private SubjectVersion selectVersion(String subject, String versionText) {
        List<SubjectVersion> versions = store.versionsOf(subject);
        if (isLatest(versionText)) {
            return versions.get(versions.size() - 1);
        }
        int version = parseIntOr(versionText, 0);
        if (version < 1) {
            throw RegistryException.invalidVersion(versionText);
        }
        return versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, version));
    }

    private static boolean isLatest(String versionText) {
        return "latest".equals(versionText) || "-1".equals(versionText);
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw RegistryException.badRequest("The request body is empty; expected a JSON object");
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                throw RegistryException.badRequest("The request body must be a JSON object, got " + node.getNodeType());
            }
            return node;
        } catch (JsonProcessingException e) {
            throw RegistryException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Schema schemaFrom(JsonNode body) {
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw RegistryException.invalidSchema("schemaType '" + type.asText() + "' is not supported; only AVRO is");
        }
        JsonNode references = body.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported by this registry");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
            throw RegistryException.invalidSchema("the request has no 'schema' string field");
        }
        return parse(schema.asText());
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    // a GUID that is not one names no schema: Confluent answers 404 for it too, not 422
    private static Optional<UUID> parseGuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int parseIntOr(String text, int fallback) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static ObjectNode level(String field, CompatibilityLevel level) {
        return JSON.createObjectNode().put(field, level.name());
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.attribute(ANSWERED, true);
        ctx.status(status).contentType(CONTENT_TYPE).result(body.toString());
    }

    private static void error(Context ctx, int status, int errorCode, String message) {
        json(ctx, status, JSON.createObjectNode().put("error_code", errorCode).put("message", message));
    }

    private static void errorUnlessAnswered(Context ctx, int status, int errorCode, String message) {
        if (ctx.attribute(ANSWERED) == null) {
            error(ctx, status, errorCode, message);
        }
    }
}
