package dev.fleetinference.localstack.schemaregistry;

import static dev.fleetinference.localstack.schemaregistry.RegistryHttp.schemaBody;
import static dev.fleetinference.localstack.schemaregistry.SchemaRegistryApiTest.V1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.localstack.schemaregistry.RegistryHttp.Reply;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A registry with users: writes need a user's basic-auth credentials, reads stay anonymous. */
@WithStack
class SchemaRegistryBasicAuthTest {

    static final String USER = "fleet";
    static final String PASSWORD = "s3cret-pw";

    static SchemaRegistryServer registry;
    static RegistryHttp anonymous;
    static RegistryHttp authorized;

    @BeforeAll
    static void startRegistryWithAUser(TestStack stack) {
        registry = SchemaRegistryServer.start(SchemaRegistryConfig.local(stack.bootstrapServers())
                .withTopic("_schemas_auth_test_" + UUID.randomUUID()).withUsers(Map.of(USER, PASSWORD)));
        anonymous = new RegistryHttp(registry.url());
        authorized = new RegistryHttp(registry.url(), Optional.of(USER + ":" + PASSWORD));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void anAnonymousRegistrationIs401WithConfluentsErrorAndABasicChallenge() {
        Reply reply = anonymous.post("/subjects/" + subject() + "/versions", schemaBody(V1));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo(40101);
        assertThat(reply.body().path("message").asText()).isNotBlank();
        assertThat(reply.contentType()).startsWith(RegistryHttp.CONTENT_TYPE);
        assertThat(reply.wwwAuthenticate()).isEqualTo("Basic realm=\"schema-registry\"");
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIs401Too() {
        for (String userInfo : new String[] {USER + ":wrong", "stranger:" + PASSWORD, USER + ":" + PASSWORD + "x"}) {
            Reply reply = new RegistryHttp(registry.url(), Optional.of(userInfo))
                    .post("/subjects/" + subject() + "/versions", schemaBody(V1));

            assertThat(reply.status()).as(userInfo).isEqualTo(401);
            assertThat(reply.errorCode()).as(userInfo).isEqualTo(40101);
        }
    }

    @Test
    void compatibilitySettingsAreWritesToo() {
        String subject = subject();

        assertThat(anonymous.put("/config", "{\"compatibility\":\"NONE\"}").status()).isEqualTo(401);
        assertThat(anonymous.put("/config/" + subject, "{\"compatibility\":\"FULL\"}").status()).isEqualTo(401);
        assertThat(anonymous.delete("/config/" + subject).status()).isEqualTo(401);
        assertThat(authorized.put("/config/" + subject, "{\"compatibility\":\"FULL\"}").status()).isEqualTo(200);
        assertThat(anonymous.get("/config/" + subject).body().get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(authorized.delete("/config/" + subject).status()).isEqualTo(200);
    }

    @Test
    void theRightCredentialsRegisterAndAnyoneReadsTheSchemaById() {
        String subject = subject();

        Reply registered = authorized.post("/subjects/" + subject + "/versions", schemaBody(V1));
        int id = registered.body().get("id").asInt();
        Reply byId = anonymous.get("/schemas/ids/" + id);

        assertThat(registered.status()).isEqualTo(200);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(byId.body().get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(V1));
        assertThat(anonymous.get("/subjects/" + subject + "/versions/latest").body().get("id").asInt()).isEqualTo(id);
        assertThat(anonymous.post("/subjects/" + subject, schemaBody(V1)).body().get("id").asInt()).isEqualTo(id);
    }

    @Test
    void theJavaClientWithBasicAuthRegistersAndOneWithoutReads() {
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.of(registry.url());
        Schema schema = new Schema.Parser().parse(V1);

        int id = new SchemaRegistryClient(config.withBasicAuth(USER + ":" + PASSWORD)).register(subject(), schema);

        assertThat(new SchemaRegistryClient(config).getById(id)).isEqualTo(schema);
    }

    @Test
    void aRegistryWithoutUsersIsOpenAsBefore(TestStack stack) {
        Reply reply = new RegistryHttp(stack.schemaRegistryUrl()).post("/subjects/" + subject() + "/versions",
                schemaBody(V1));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("id").asInt()).isPositive();
    }

    private static String subject() {
        return "auth-" + UUID.randomUUID() + "-value";
    }
}
