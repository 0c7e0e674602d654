package dev.fleetinference.localstack.schemaregistry;

import static dev.fleetinference.localstack.schemaregistry.RegistryHttp.schemaBody;
import static dev.fleetinference.localstack.schemaregistry.SchemaRegistryApiTest.V1;
import static dev.fleetinference.localstack.schemaregistry.SchemaRegistryApiTest.V2_OPTIONAL_FIELD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The registry keeps its state in Kafka: a restarted registry answers with the same ids, GUIDs and times. */
@WithStack
class SchemaRegistryRestartTest {

    static final String OTHER = """
            {"type":"record","name":"Other","namespace":"test","fields":[{"name":"n","type":"int"}]}""";

    @Test
    void aRestartedRegistryKeepsEveryIdVersionAndSetting(TestStack stack) {
        SchemaRegistryConfig config = SchemaRegistryConfig.local(stack.bootstrapServers()).withTopic("_schemas_restart_test");
        int v1;
        int v2;
        int other;
        JsonNode v1Before;
        try (SchemaRegistryServer first = SchemaRegistryServer.start(config)) {
            RegistryHttp http = new RegistryHttp(first.url());
            v1 = http.post("/subjects/readings-value/versions", schemaBody(V1)).body().get("id").asInt();
            v2 = http.post("/subjects/readings-value/versions", schemaBody(V2_OPTIONAL_FIELD)).body().get("id").asInt();
            other = http.post("/subjects/other-value/versions", schemaBody(OTHER)).body().get("id").asInt();
            http.put("/config/other-value", "{\"compatibility\":\"FULL\"}");
            v1Before = http.get("/schemas/ids/" + v1).body();
        }

        try (SchemaRegistryServer second = SchemaRegistryServer.start(config)) {
            RegistryHttp http = new RegistryHttp(second.url());

            assertThat(http.get("/schemas/ids/" + v1).body().get("schema").asText()).doesNotContain("unit");
            assertThat(http.get("/schemas/ids/" + v1).body()).as("guid and ts too").isEqualTo(v1Before);
            assertThat(http.get("/schemas/ids/" + v2).body().get("schema").asText()).contains("unit");
            assertThat(http.get("/subjects/readings-value/versions/latest").body().get("id").asInt()).isEqualTo(v2);
            assertThat(http.post("/subjects/other-value", schemaBody(OTHER)).body().get("id").asInt()).isEqualTo(other);
            assertThat(http.get("/config/other-value").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
            String next = """
                    {"type":"record","name":"Third","namespace":"test","fields":[{"name":"s","type":"string"}]}""";
            int third = http.post("/subjects/third-value/versions", schemaBody(next)).body().get("id").asInt();
            assertThat(third).isGreaterThan(Math.max(v2, other));
        }
    }

    @Test
    void theStacksRegistryStoppedAndStartedAgainAnswersAtTheSameAddressWithItsSchemas(TestStack stack) {
        RegistryHttp http = new RegistryHttp(stack.schemaRegistryUrl());
        int id = http.post("/subjects/outage-value/versions", schemaBody(OTHER)).body().get("id").asInt();

        stack.stopSchemaRegistry();
        try {
            assertThatThrownBy(() -> http.get("/schemas/ids/" + id)).isInstanceOf(UncheckedIOException.class);
        } finally {
            stack.startSchemaRegistry();
        }

        assertThat(http.get("/schemas/ids/" + id).body().get("schema").asText()).contains("Other");
    }
}
