package dev.fleetinference.localstack.schemaregistry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The bodies of the answers about schemas, field for field as Confluent 8.0's (its {@code RegisterSchemaResponse},
 * {@code Schema} and {@code SchemaString}): {@code schemaType} is always there, "AVRO" included (Confluent dropped it
 * for AVRO until 8.0), and every answer carries the schema's {@code guid}. Fields Confluent leaves out when empty
 * (references, metadata, ruleSet) are never written, since this registry has none of them.
 */
final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AVRO = "AVRO";

    private Answers() {}

    /** {@code POST /subjects/{subject}/versions}: the version registered, or the one already holding the schema. */
    static ObjectNode registered(SubjectVersion v) {
        return JSON.createObjectNode().put("id", v.id()).put("version", v.version()).put("guid", v.guid().toString())
                .put("schemaType", AVRO).put("schema", v.schema());
    }

    /** {@code POST /subjects/{subject}}: the version of the subject that holds the schema asked about. */
    static ObjectNode found(SubjectVersion v) {
        return JSON.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("guid", v.guid().toString()).put("schemaType", AVRO).put("schema", v.schema());
    }

    /** {@code GET /subjects/{subject}/versions/{version}}: a version as stored, with its record's time. */
    static ObjectNode stored(SubjectVersion v) {
        return stamped(found(v), v);
    }

    /**
     * {@code GET /schemas/ids/{id}} and {@code /schemas/guids/{guid}}: the schema, with the subject and version that
     * hold it only when the request named a subject; without one Confluent leaves both out.
     */
    static ObjectNode schema(SubjectVersion v, boolean withSubject) {
        ObjectNode answer = JSON.createObjectNode();
        if (withSubject) {
            answer.put("subject", v.subject()).put("version", v.version());
        }
        answer.put("guid", v.guid().toString()).put("schemaType", AVRO).put("schema", v.schema());
        return stamped(answer, v);
    }

    // what Confluent adds to a schema read from its store; nothing here is ever soft-deleted
    private static ObjectNode stamped(ObjectNode answer, SubjectVersion v) {
        return answer.put("ts", v.timestamp()).put("deleted", false);
    }
}
