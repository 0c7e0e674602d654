package dev.fleetinference.localstack.schemaregistry;

import static dev.fleetinference.localstack.schemaregistry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.localstack.schemaregistry.RegistryHttp.Reply;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
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
}
