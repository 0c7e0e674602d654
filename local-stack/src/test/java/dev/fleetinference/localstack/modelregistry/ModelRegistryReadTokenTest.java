package dev.fleetinference.localstack.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.localstack.modelregistry.RegistryHttp.Reply;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.modelregistry.client.ModelRegistryException;
import dev.fleetinference.modelregistry.testing.TestModels;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry with a read token: who may list and download, who may not, and that the read token cannot write. */
@WithStack
class ModelRegistryReadTokenTest {

    static final String READ_TOKEN = "test-read-token";

    static DedicatedRegistry registry;
    static RegistryHttp http;
    static ModelVersion registered;
    static String artifact;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startRegistryWithAModel(TestStack stack) {
        registry = DedicatedRegistry.startWithReadToken(stack, READ_TOKEN);
        http = new RegistryHttp(registry.url());
        registered = writer().register("guarded-" + UUID.randomUUID(), TestModels.standIn(dir.resolve("model"),
                "guarded", TestModels.metadata()));
        artifact = "/models/" + registered.getName() + "/versions/1/artifact";
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void anAnonymousDownloadIs401WithJsonAndABearerChallenge() {
        Reply reply = http.get(artifact);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(reply.error()).isEqualTo("unauthorized");
        assertThat(reply.json().path("message").asText()).contains("Authorization: Bearer");
    }

    @Test
    void theListingsToo() {
        for (String path : new String[] {"/models", "/models/" + registered.getName() + "/versions",
                "/models/" + registered.getName() + "/versions/1", "/models/" + registered.getName() + "/production"}) {
            Reply reply = http.get(path);

            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.error()).as(path).isEqualTo("unauthorized");
        }
    }

    @Test
    void aDownloadWithAWrongTokenIs403() {
        Reply reply = http.get(artifact, "Authorization", "Bearer not-the-token");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).isEqualTo("forbidden");
    }

    @Test
    void theReadTokenDownloadsTheArtifactAndListsTheModels() throws IOException {
        Reply reply = http.get(artifact, "Authorization", "Bearer " + READ_TOKEN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(Sha256.of(reply.body()).hex()).isEqualTo(registered.getDigest());
        ModelRegistryClient reader = client(READ_TOKEN);
        assertThat(reader.models()).anySatisfy(summary -> assertThat(summary.name()).isEqualTo(registered.getName()));
        Path target = dir.resolve("read-token.zip");
        reader.download(registered.getName(), 1, target);
        assertThat(Sha256.of(target).hex()).isEqualTo(registered.getDigest());
    }

    @Test
    void theWriteTokenReadsToo() throws IOException {
        Reply reply = http.get(artifact, "Authorization", "Bearer " + DedicatedRegistry.TOKEN);

        assertThat(reply.status()).isEqualTo(200);
        Path target = dir.resolve("write-token.zip");
        writer().download(registered, target);
        assertThat(Files.size(target)).isEqualTo(registered.getSizeBytes());
    }

    @Test
    void theReadTokenCannotWrite() throws IOException {
        long endBefore = registry.topicEndOffset();
        byte[] zip = Files.readAllBytes(TestModels.zippedStandIn(dir, "read-token-upload"));

        Reply upload = http.upload(registered.getName(), zip, Optional.of(READ_TOKEN));
        Reply stage = http.stage(registered.getName(), 1, "PRODUCTION", Optional.of(READ_TOKEN));

        assertThat(upload.status()).isEqualTo(403);
        assertThat(upload.error()).isEqualTo("forbidden");
        assertThat(stage.status()).isEqualTo(403);
        assertThatThrownBy(() -> client(READ_TOKEN).setStage(registered.getName(), 1, ModelStage.STAGING))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        assertThat(registry.topicEndOffset()).as("nothing was written").isEqualTo(endBefore);
    }

    @Test
    void healthStaysOpen() {
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    private static ModelRegistryClient writer() {
        return client(DedicatedRegistry.TOKEN);
    }

    private static ModelRegistryClient client(String token) {
        return new ModelRegistryClient(ModelRegistryClientConfig.of(registry.url()).withToken(token));
    }
}
