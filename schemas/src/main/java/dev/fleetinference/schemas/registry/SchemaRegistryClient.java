package dev.fleetinference.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Client for the Confluent Schema Registry REST API, limited to Avro schemas; thread-safe.
 *
 * <p>Ids found by {@link #register}, {@link #lookup} and {@link #getById}, and schemas found by {@link #getByGuid},
 * are cached for the life of the client: a schema id or GUID never changes its meaning, and a subject keeps a
 * registered schema. Failures are never cached.
 * {@link #latest}, {@link #isCompatible} and the compatibility config are always asked afresh because they change.
 */
public final class SchemaRegistryClient {

    private final ObjectMapper json = new ObjectMapper();
    private final RegistryTransport transport;
    private final ConcurrentMap<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Schema> schemasByGuid = new ConcurrentHashMap<>();

    public SchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.transport = new RegistryTransport(Objects.requireNonNull(config, "config"), json);
    }

    /** Registers {@code schema} under {@code subject} (a no-op for the registry if it is already there) and returns its id. */
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(checkedSubject(subject), Objects.requireNonNull(schema, "schema"));
        Integer cached = registeredIds.get(key);
        if (cached != null) {
            return cached;
        }
        int id = transport.post(subjectPath(subject) + "/versions", schemaBody(schema)).intField("id");
        registeredIds.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** The schema with the global {@code id}; a {@link SchemaRegistryException#isNotFound()} failure if there is none. */
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        // Not computeIfAbsent: that would hold a map lock during the HTTP call.
        Schema schema = parseSchema(transport.get("/schemas/ids/" + id));
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    /**
     * The schema with Confluent 8's {@code guid} (derived from the schema's content, and named by a header-mode
     * record's schema id header); a {@link SchemaRegistryException#isNotFound()} failure if there is none.
     */
    public Schema getByGuid(UUID guid) {
        Objects.requireNonNull(guid, "guid");
        Schema cached = schemasByGuid.get(guid);
        if (cached != null) {
            return cached;
        }
        Schema schema = parseSchema(transport.get("/schemas/guids/" + guid));
        Schema raced = schemasByGuid.putIfAbsent(guid, schema);
        return raced != null ? raced : schema;
    }

    /** How {@code schema} is registered under {@code subject}; a not-found failure if it is not. */
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(checkedSubject(subject), Objects.requireNonNull(schema, "schema"));
        RegisteredSchema cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found = registeredSchema(transport.post(subjectPath(subject), schemaBody(schema)));
        lookups.putIfAbsent(key, found);
        registeredIds.putIfAbsent(key, found.id());
        schemasById.putIfAbsent(found.id(), found.schema());
        return found;
    }

    /** The newest version registered under {@code subject}. */
    public RegisteredSchema latest(String subject) {
        return registeredSchema(transport.get(subjectPath(checkedSubject(subject)) + "/versions/latest"));
    }

    /** Whether {@code schema} may be registered under {@code subject} given its compatibility level and latest version. */
    public boolean isCompatible(String subject, Schema schema) {
        Objects.requireNonNull(schema, "schema");
        return transport
                .post("/compatibility" + subjectPath(checkedSubject(subject)) + "/versions/latest", schemaBody(schema))
                .booleanField("is_compatible");
    }

    /**
     * The compatibility level, e.g. "BACKWARD": the global one for an empty subject, otherwise the subject's own
     * (the registry answers 404 if the subject has no level of its own).
     */
    public String compatibility(Optional<String> subject) {
        RegistryResponse response = transport.get(configPath(subject));
        // Older registries answered with the same key that PUT uses.
        return response.has("compatibilityLevel")
                ? response.textField("compatibilityLevel")
                : response.textField("compatibility");
    }

    /** Sets the global compatibility level (empty subject) or the subject's own, e.g. to "NONE" or "FULL_TRANSITIVE". */
    public void setCompatibility(Optional<String> subject, String level) {
        Objects.requireNonNull(level, "level");
        if (level.isBlank()) {
            throw new IllegalArgumentException("level must not be blank");
        }
        ObjectNode body = json.createObjectNode().put("compatibility", level);
        transport.put(configPath(subject), body);
    }

    private String configPath(Optional<String> subject) {
        Objects.requireNonNull(subject, "subject must not be null; use Optional.empty() for the global level");
        return subject.map(s -> "/config/" + pathSegment(checkedSubject(s))).orElse("/config");
    }

    private JsonNode schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString());
    }

    private RegisteredSchema registeredSchema(RegistryResponse response) {
        return new RegisteredSchema(
                response.textField("subject"), response.intField("id"), response.intField("version"), parseSchema(response));
    }

    private static Schema parseSchema(RegistryResponse response) {
        // Confluent 8 says "AVRO"; registries before 8 leave AVRO out. JSON Schema and Protobuf we cannot read.
        if (response.has("schemaType") && !"AVRO".equals(response.textField("schemaType"))) {
            throw response.malformed("an Avro schema (schemaType is " + response.textField("schemaType") + ")");
        }
        String text = response.textField("schema");
        try {
            // A fresh parser each time: a Parser remembers names and refuses to define one twice.
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException e) {
            throw new SchemaRegistryException(
                    "Schema Registry " + response.request() + " returned a schema that is not valid Avro (" + e.getMessage()
                            + "): " + RegistryTransport.abbreviate(text),
                    response.httpStatus(), SchemaRegistryException.NO_ERROR_CODE, e);
        }
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + pathSegment(subject);
    }

    // URLEncoder does form encoding; in a path a space must be %20, and a literal '+' is already %2B by then.
    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String checkedSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        return subject;
    }

    private record SubjectSchema(String subject, Schema schema) {}
}
