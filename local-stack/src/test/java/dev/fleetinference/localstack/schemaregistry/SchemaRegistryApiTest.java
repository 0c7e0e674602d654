package dev.fleetinference.localstack.schemaregistry;

import static dev.fleetinference.localstack.schemaregistry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetinference.localstack.schemaregistry.RegistryHttp.Reply;
import dev.fleetinference.localstack.testing.Confluent8Recordings;
import dev.fleetinference.localstack.testing.Confluent8Recordings.Exchange;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The REST API's JSON shapes, status codes and error codes, as Confluent's clients expect them. */
@WithStack
class SchemaRegistryApiTest {

    static final String V1 = """
            {"type":"record","name":"Reading","namespace":"test","fields":[
              {"name":"deviceId","type":"string"},{"name":"value","type":"double"}]}""";
    static final String V2_OPTIONAL_FIELD = """
            {"type":"record","name":"Reading","namespace":"test","fields":[
              {"name":"deviceId","type":"string"},{"name":"value","type":"double"},
              {"name":"unit","type":["null","string"],"default":null}]}""";
    static final String V2_REQUIRED_FIELD = """
            {"type":"record","name":"Reading","namespace":"test","fields":[
              {"name":"deviceId","type":"string"},{"name":"value","type":"double"},
              {"name":"unit","type":"string"}]}""";

    static RegistryHttp registry;

    @BeforeAll
    static void connect(TestStack stack) {
        registry = new RegistryHttp(stack.schemaRegistryUrl());
    }

    private static String newSubject() {
        return "api-test-" + UUID.randomUUID() + "-value";
    }

    @Test
    void registersLooksUpAndServesASchemaById() {
        String subject = newSubject();

        Reply registered = registry.post("/subjects/" + subject + "/versions", schemaBody(V1));

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).startsWith(RegistryHttp.CONTENT_TYPE);
        int id = registered.body().get("id").asInt();
        Reply byId = registry.get("/schemas/ids/" + id);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.body().get("schema").asText()).contains("\"name\":\"Reading\"");
        Reply lookup = registry.post("/subjects/" + subject, schemaBody(V1));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.body().get("subject").asText()).isEqualTo(subject);
        assertThat(lookup.body().get("id").asInt()).isEqualTo(id);
        assertThat(lookup.body().get("version").asInt()).isEqualTo(1);
        assertThat(lookup.body().get("schema").asText()).contains("deviceId");
    }

    @Test
    void registeringTheSameSchemaAgainReturnsItsIdAndVersion() {
        String subject = newSubject();
        int first = registry.post("/subjects/" + subject + "/versions", schemaBody(V1)).body().get("id").asInt();

        Reply again = registry.post("/subjects/" + subject + "/versions", schemaBody(V1));

        assertThat(again.body().get("id").asInt()).isEqualTo(first);
        assertThat(registry.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1]");
    }

    @Test
    void idsAreGlobalAndIncreasing() {
        int a = registry.post("/subjects/" + newSubject() + "/versions", schemaBody(V1)).body().get("id").asInt();
        String subject = newSubject();
        registry.post("/subjects/" + subject + "/versions", schemaBody(V1));
        int b = registry.post("/subjects/" + subject + "/versions", schemaBody(V2_OPTIONAL_FIELD)).body().get("id").asInt();

        assertThat(b).isGreaterThan(a);
    }

    @Test
    void addingAnOptionalFieldIsBackwardCompatible() {
        String subject = newSubject();
        registry.post("/subjects/" + subject + "/versions", schemaBody(V1));

        Reply check = registry.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(V2_OPTIONAL_FIELD));
        Reply v2 = registry.post("/subjects/" + subject + "/versions", schemaBody(V2_OPTIONAL_FIELD));

        assertThat(check.status()).isEqualTo(200);
        assertThat(check.body().get("is_compatible").asBoolean()).isTrue();
        assertThat(v2.status()).isEqualTo(200);
        Reply latest = registry.get("/subjects/" + subject + "/versions/latest");
        assertThat(latest.body().get("version").asInt()).isEqualTo(2);
        assertThat(latest.body().get("id").asInt()).isEqualTo(v2.body().get("id").asInt());
    }

    @Test
    void rejectsAnIncompatibleSchemaWith409And40901() {
        String subject = newSubject();
        registry.post("/subjects/" + subject + "/versions", schemaBody(V1));

        Reply check = registry.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(V2_REQUIRED_FIELD));
        Reply rejected = registry.post("/subjects/" + subject + "/versions", schemaBody(V2_REQUIRED_FIELD));

        assertThat(check.body().get("is_compatible").asBoolean()).isFalse();
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.errorCode()).isEqualTo(40901);
        assertThat(rejected.body().get("message").asText()).isNotBlank();
        assertThat(registry.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1]");
    }

    @Test
    void aSubjectLevelOfNoneAllowsAnyChange() {
        String subject = newSubject();
        registry.post("/subjects/" + subject + "/versions", schemaBody(V1));

        Reply set = registry.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
        Reply registered = registry.post("/subjects/" + subject + "/versions", schemaBody(V2_REQUIRED_FIELD));

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(registry.get("/config/" + subject).body().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(registered.status()).isEqualTo(200);
    }

    @Test
    void reportsTheGlobalLevelAndNoSubjectLevelWith40408() {
        Reply global = registry.get("/config");
        Reply subjectLevel = registry.get("/config/" + newSubject());

        assertThat(global.status()).isEqualTo(200);
        assertThat(global.body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(subjectLevel.status()).isEqualTo(404);
        assertThat(subjectLevel.errorCode()).isEqualTo(40408);
    }

    @Test
    void rejectsAnUnknownCompatibilityLevelWith42203() {
        Reply reply = registry.put("/config/" + newSubject(), "{\"compatibility\":\"SIDEWAYS\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorCode()).isEqualTo(42203);
    }

    @Test
    void answersUnknownSubjectVersionAndSchemaWithTheirOwnCodes() {
        String subject = newSubject();
        Reply noSubject = registry.get("/subjects/" + subject + "/versions/latest");
        registry.post("/subjects/" + subject + "/versions", schemaBody(V1));
        Reply noVersion = registry.get("/subjects/" + subject + "/versions/7");
        Reply noSchema = registry.get("/schemas/ids/987654");
        Reply notInSubject = registry.post("/subjects/" + subject, schemaBody(V2_OPTIONAL_FIELD));
        Reply lookupNoSubject = registry.post("/subjects/" + newSubject(), schemaBody(V1));

        assertThat(noSubject.status()).isEqualTo(404);
        assertThat(noSubject.errorCode()).isEqualTo(40401);
        assertThat(noVersion.status()).isEqualTo(404);
        assertThat(noVersion.errorCode()).isEqualTo(40402);
        assertThat(noSchema.status()).isEqualTo(404);
        assertThat(noSchema.errorCode()).isEqualTo(40403);
        assertThat(notInSubject.status()).isEqualTo(404);
        assertThat(notInSubject.errorCode()).isEqualTo(40403);
        assertThat(lookupNoSubject.status()).isEqualTo(404);
        assertThat(lookupNoSubject.errorCode()).isEqualTo(40401);
    }

    @Test
    void rejectsAnInvalidVersionWith42202() {
        String subject = newSubject();
        registry.post("/subjects/" + subject + "/versions", schemaBody(V1));

        Reply reply = registry.get("/subjects/" + subject + "/versions/x");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorCode()).isEqualTo(42202);
    }

    @Test
    void rejectsAnInvalidSchemaWith42201() {
        Reply notAvro = registry.post("/subjects/" + newSubject() + "/versions", schemaBody("{\"type\":\"recrod\"}"));
        Reply badDefault = registry.post("/subjects/" + newSubject() + "/versions", schemaBody("""
                {"type":"record","name":"R","fields":[{"name":"n","type":"int","default":"ten"}]}"""));

        assertThat(notAvro.status()).isEqualTo(422);
        assertThat(notAvro.errorCode()).isEqualTo(42201);
        assertThat(badDefault.status()).isEqualTo(422);
        assertThat(badDefault.errorCode()).isEqualTo(42201);
    }

    @Test
    void answersABodyThatIsNotJsonWith400AndAJsonMessage() {
        Reply reply = registry.post("/subjects/" + newSubject() + "/versions", "this is not json");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).isNotNull();
        assertThat(reply.body().get("message").asText()).isNotBlank();
    }

    @Test
    void servesTheRawSchemaAndTheListOfSubjects() {
        String subject = newSubject();
        registry.post("/subjects/" + subject + "/versions", schemaBody(V1));

        Reply raw = registry.get("/subjects/" + subject + "/versions/1/schema");
        Reply subjects = registry.get("/subjects");

        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body().get("name").asText()).isEqualTo("Reading");
        assertThat(subjects.body().toString()).contains("\"" + subject + "\"");
    }

    /**
     * Our answers against Confluent 8's, field by field: the same names, JSON types and presence, and the same
     * values where they follow from the schema alone (guid, schemaType, schema). The answers are in
     * {@code confluent8/*.json}, recorded or, where marked, derived from Confluent's source. Nested, to share the
     * stack: a class of its own would start another one.
     */
    @Nested
    class Confluent8Answers {

        @Test
        void registeringAnswersWithConfluentsFieldsAndItsGuidForTheSameSchema() {
            Exchange recorded = Confluent8Recordings.exchange("register-answer");
            String subject = newSubject();

            Reply first = registry.post("/subjects/" + subject + "/versions", schemaBody(recorded.schema()));
            Reply again = registry.post("/subjects/" + subject + "/versions", schemaBody(recorded.schema()));

            assertThat(first.status()).isEqualTo(200);
            assertSameFields(first.body(), recorded.answer());
            assertSameValues(first.body(), recorded.answer(), "guid", "schemaType", "schema");
            assertThat(first.body().get("version").asInt()).isEqualTo(1);
            assertThat(again.body()).as("registering it again").isEqualTo(first.body());
        }

        @Test
        void aStoredVersionAndALookupCarryConfluentsFields() {
            Exchange recorded = Confluent8Recordings.exchange("subject-version-answer");
            String subject = newSubject();
            registry.post("/subjects/" + subject + "/versions", schemaBody(recorded.schema()));

            Reply stored = registry.get("/subjects/" + subject + "/versions/1");
            Reply found = registry.post("/subjects/" + subject, schemaBody(recorded.schema()));

            assertSameFields(stored.body(), recorded.answer());
            assertSameValues(stored.body(), recorded.answer(), "version", "guid", "schemaType", "schema", "deleted");
            assertThat(stored.body().get("subject").asText()).isEqualTo(subject);
            // Confluent's lookup answers the schema it looked up (SubjectsResource 8.0): no stored record, no ts
            assertThat(fieldNames(found.body())).containsExactly("subject", "version", "id", "guid", "schemaType",
                    "schema");
            assertSameValues(found.body(), stored.body(), "subject", "version", "id", "guid", "schema");
        }

        @Test
        void aSchemaByIdNamesASubjectAndItsVersionOnlyWhenTheRequestNamesASubject() {
            Exchange plain = Confluent8Recordings.exchange("schema-by-id-answer");
            Exchange named = Confluent8Recordings.exchange("schema-by-id-with-subject-answer");
            String first = newSubject();
            String second = newSubject();
            int id = registry.post("/subjects/" + first + "/versions", schemaBody(plain.schema())).body().get("id")
                    .asInt();
            registry.put("/config/" + second, "{\"compatibility\":\"NONE\"}");
            registry.post("/subjects/" + second + "/versions", schemaBody(V1));
            registry.post("/subjects/" + second + "/versions", schemaBody(plain.schema()));

            Reply bare = registry.get("/schemas/ids/" + id);
            Reply inSecond = registry.get("/schemas/ids/" + id + "?subject=" + second);
            Reply inFirst = registry.get("/schemas/ids/" + id + "?subject=" + first);
            Reply elsewhere = registry.get("/schemas/ids/" + id + "?subject=" + newSubject());

            assertSameFields(bare.body(), plain.answer());
            assertSameValues(bare.body(), plain.answer(), "guid", "schemaType", "schema", "deleted");
            assertSameFields(inSecond.body(), named.answer());
            assertThat(inSecond.body().get("subject").asText()).isEqualTo(second);
            assertThat(inSecond.body().get("version").asInt()).isEqualTo(2);
            assertThat(inFirst.body().get("version").asInt()).isEqualTo(1);
            // a subject without the id: Confluent answers with a subject that has it (getSchemaKeyUsingContexts);
            // other tests share this registry and may hold the same schema, so check the holder, not its name
            assertSameFields(elsewhere.body(), named.answer());
            Reply holder = registry.get("/subjects/" + elsewhere.body().get("subject").asText() + "/versions/"
                    + elsewhere.body().get("version").asInt());
            assertThat(holder.body().get("id").asInt()).isEqualTo(id);
        }

        @Test
        void aSchemaIsServedByItsGuidAndAnUnknownGuidIsNotFoundWith40403() {
            Exchange recorded = Confluent8Recordings.exchange("schema-by-guid-answer");
            registry.post("/subjects/" + newSubject() + "/versions", schemaBody(recorded.schema()));
            String guid = recorded.answer().get("guid").asText();

            Reply byGuid = registry.get("/schemas/guids/" + guid);
            Reply unknown = registry.get("/schemas/guids/" + UUID.randomUUID());
            Reply notAGuid = registry.get("/schemas/guids/not-a-guid");

            assertThat(byGuid.status()).isEqualTo(200);
            assertSameFields(byGuid.body(), recorded.answer());
            assertSameValues(byGuid.body(), recorded.answer(), "guid", "schemaType", "schema", "deleted");
            assertThat(List.of(unknown.status(), notAGuid.status())).containsOnly(404);
            assertThat(List.of(unknown.errorCode(), notAGuid.errorCode())).containsOnly(40403);
        }

        private static void assertSameFields(JsonNode ours, JsonNode confluents) {
            assertThat(fieldNames(ours)).as("fields of %s", ours)
                    .containsExactlyInAnyOrderElementsOf(fieldNames(confluents));
            for (String name : fieldNames(confluents)) {
                assertThat(ours.get(name).getNodeType()).as("type of %s", name)
                        .isEqualTo(confluents.get(name).getNodeType());
                assertThat(ours.get(name).isIntegralNumber()).as("%s is an integer", name)
                        .isEqualTo(confluents.get(name).isIntegralNumber());
            }
        }

        private static void assertSameValues(JsonNode ours, JsonNode confluents, String... names) {
            for (String name : names) {
                assertThat(ours.get(name)).as(name).isEqualTo(confluents.get(name));
            }
        }

        private static List<String> fieldNames(JsonNode node) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }
}
