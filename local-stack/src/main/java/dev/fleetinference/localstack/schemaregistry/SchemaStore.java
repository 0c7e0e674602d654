package dev.fleetinference.localstack.schemaregistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subjects, versions, global ids and compatibility settings, rebuilt from the {@link SchemaLog}
 * at start and written through it. This instance is the only writer, so ids stay monotonic.
 */
final class SchemaStore {

    private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaLog schemaLog;
    private final CompatibilityLevel defaultLevel;
    private final Map<String, List<SubjectVersion>> subjects = new TreeMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<UUID, Integer> idsByGuid = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;
    // set when a write failed: it may still have landed, so the next write first re-reads the log
    private boolean stale;

    private SchemaStore(SchemaLog schemaLog, CompatibilityLevel defaultLevel) {
        this.schemaLog = schemaLog;
        this.defaultLevel = defaultLevel;
        this.globalLevel = defaultLevel;
    }

    /** Replays the whole log, so a restarted registry answers with the same ids and versions. */
    static SchemaStore open(SchemaLog schemaLog, CompatibilityLevel defaultLevel) {
        SchemaStore store = new SchemaStore(schemaLog, defaultLevel);
        store.load();
        return store;
    }

    private void load() {
        subjects.clear();
        idsBySchema.clear();
        idsByGuid.clear();
        subjectLevels.clear();
        globalLevel = defaultLevel;
        maxId = 0;
        schemaLog.replay(this::apply);
        stale = false;
        log.info("schema store loaded: {} subjects, {} schemas, highest id {}",
                subjects.size(), idsBySchema.size(), maxId);
    }

    /**
     * Writes one record and returns its timestamp; a failure marks the state stale, because the record may land
     * after all.
     */
    private long append(String key, String value) {
        if (stale) {
            load();
        }
        try {
            return schemaLog.append(key, value);
        } catch (RuntimeException e) {
            stale = true;
            throw e;
        }
    }

    /** Adds {@code schema} to {@code subject}, or returns the version that already holds it. */
    synchronized SubjectVersion register(String subject, Schema schema) {
        if (stale) {
            load();
        }
        String canonical = schema.toString();
        List<SubjectVersion> versions = subjects.getOrDefault(subject, List.of());
        for (SubjectVersion existing : versions) {
            if (existing.schema().equals(canonical)) {
                return existing;
            }
        }
        CompatibilityLevel level = compatibility(subject);
        level.violation(schema, parsedSchemas(versions))
                .ifPresent(reason -> {
                    throw RegistryException.incompatible(subject, level, reason);
                });
        int id = idsBySchema.getOrDefault(canonical, maxId + 1);
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        ObjectNode value = JSON.createObjectNode()
                .put("subject", subject).put("version", version).put("id", id)
                .put("schema", canonical).put("deleted", false);
        long written = append(schemaKey(subject, version), value.toString());
        SubjectVersion added = new SubjectVersion(subject, version, id, canonical, written);
        apply(added);
        log.info("registered schema id {} as version {} of subject '{}'", id, version, subject);
        return added;
    }

    synchronized Optional<SubjectVersion> lookup(String subject, Schema schema) {
        String canonical = schema.toString();
        return versionsOf(subject).stream().filter(v -> v.schema().equals(canonical)).findFirst();
    }

    /**
     * A version holding schema {@code id}: {@code subject}'s if it has the schema, else the first subject's (by name)
     * that does, as Confluent answers for a subject that does not hold the id; empty if no subject does.
     */
    synchronized Optional<SubjectVersion> schemaById(int id, Optional<String> subject) {
        List<SubjectVersion> holders = subjects.values().stream().flatMap(List::stream).filter(v -> v.id() == id)
                .toList();
        return subject.flatMap(s -> holders.stream().filter(v -> v.subject().equals(s)).findFirst())
                .or(() -> holders.stream().findFirst());
    }

    /** A version holding the schema with Confluent 8's {@code guid}; empty if none does. */
    synchronized Optional<SubjectVersion> schemaByGuid(UUID guid) {
        return Optional.ofNullable(idsByGuid.get(guid)).flatMap(id -> schemaById(id, Optional.empty()));
    }

    synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    /** The versions of a subject, oldest first; a subject that does not exist is an error. */
    synchronized List<SubjectVersion> versionsOf(String subject) {
        List<SubjectVersion> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return List.copyOf(versions);
    }

    synchronized boolean hasSubject(String subject) {
        return subjects.containsKey(subject);
    }

    synchronized CompatibilityLevel compatibility(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** Sets the level of one subject, or the global level when {@code subject} is empty. */
    synchronized void setCompatibility(Optional<String> subject, CompatibilityLevel level) {
        String value = JSON.createObjectNode().put("compatibilityLevel", level.name()).toString();
        append(configKey(subject), value);
        applyConfig(subject, level);
    }

    /** Removes a subject's own level so it follows the global one again; returns what it was. */
    synchronized CompatibilityLevel deleteSubjectCompatibility(String subject) {
        CompatibilityLevel previous = subjectLevels.get(subject);
        if (previous == null) {
            throw RegistryException.noSubjectCompatibility(subject);
        }
        append(configKey(Optional.of(subject)), null);
        subjectLevels.remove(subject);
        return previous;
    }

    private void apply(SchemaLog.Entry entry) {
        String key = entry.key();
        String value = entry.value();
        try {
            JsonNode keyNode = JSON.readTree(key);
            String type = keyNode.path("keytype").asText();
            Optional<String> subject = keyNode.hasNonNull("subject")
                    ? Optional.of(keyNode.get("subject").asText()) : Optional.empty();
            if ("SCHEMA".equals(type) && value != null) {
                JsonNode v = JSON.readTree(value);
                // an id is never handed out twice, even one whose record is deleted or unusable
                maxId = Math.max(maxId, v.path("id").asInt(0));
                if (!v.path("deleted").asBoolean(false)) {
                    apply(new SubjectVersion(v.get("subject").asText(), v.get("version").asInt(),
                            v.get("id").asInt(), v.get("schema").asText(), entry.timestamp()));
                }
            } else if ("CONFIG".equals(type)) {
                if (value == null) {
                    subject.ifPresentOrElse(subjectLevels::remove, () -> globalLevel = defaultLevel);
                } else {
                    applyConfig(subject, CompatibilityLevel.parse(JSON.readTree(value).path("compatibilityLevel").asText()));
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // one unreadable record (another tool's, say) must not keep the registry from starting
            log.warn("skipping unreadable schema-log record key={}: {}", key, e.getMessage());
        }
    }

    private void apply(SubjectVersion version) {
        List<SubjectVersion> versions = subjects.computeIfAbsent(version.subject(), s -> new ArrayList<>());
        versions.removeIf(v -> v.version() == version.version());
        versions.add(version);
        versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        idsBySchema.putIfAbsent(version.schema(), version.id());
        idsByGuid.putIfAbsent(version.guid(), version.id());
        maxId = Math.max(maxId, version.id());
    }

    private void applyConfig(Optional<String> subject, CompatibilityLevel level) {
        subject.ifPresentOrElse(s -> subjectLevels.put(s, level), () -> globalLevel = level);
    }

    private static List<Schema> parsedSchemas(List<SubjectVersion> versions) {
        return versions.stream().map(v -> new Schema.Parser().parse(v.schema())).toList();
    }

    private static String schemaKey(String subject, int version) {
        return JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", subject)
                .put("version", version).put("magic", 1).toString();
    }

    private static String configKey(Optional<String> subject) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG");
        subject.ifPresentOrElse(s -> key.put("subject", s), () -> key.putNull("subject"));
        return key.put("magic", 0).toString();
    }
}
