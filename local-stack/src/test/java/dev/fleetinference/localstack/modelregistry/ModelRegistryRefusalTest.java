package dev.fleetinference.localstack.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.localstack.modelregistry.RegistryHttp.Reply;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.client.ArtifactDigestMismatchException;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.modelregistry.client.ModelRegistryException;
import dev.fleetinference.modelregistry.testing.TestModels;
import dev.fleetinference.modelregistry.testing.ZipBuilder;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the registry refuses, how it says so, and that a refusal leaves nothing behind. */
@WithStack
class ModelRegistryRefusalTest {

    static final ArtifactLimits LIMITS = new ArtifactLimits(512 * 1024, 2L * 1024 * 1024, 50);
    static final Optional<String> TOKEN = Optional.of(DedicatedRegistry.TOKEN);
    static final String METADATA = TestModels.metadata().toJson();

    static DedicatedRegistry registry;
    static RegistryHttp http;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry(TestStack stack) {
        registry = DedicatedRegistry.start(stack, LIMITS);
        http = new RegistryHttp(registry.url());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    static Stream<Arguments> badUploads() {
        return Stream.of(
                Arguments.of("not a zip", "a text file".getBytes(StandardCharsets.UTF_8), 400, "not_a_zip"),
                Arguments.of("zip slip", ZipBuilder.validArtifact().add("../../evil.sh", "rm -rf /").bytes(), 422,
                        "unsafe_entry"),
                Arguments.of("absolute entry", ZipBuilder.validArtifact().add("/etc/cron.d/evil", "x").bytes(), 422,
                        "unsafe_entry"),
                Arguments.of("no saved_model.pb", ZipBuilder.validArtifact().remove(ModelArtifacts.SAVED_MODEL_FILE)
                        .bytes(), 422, "no_saved_model"),
                Arguments.of("no fleet-model.json", ZipBuilder.validArtifact().remove(ModelMetadata.FILE_NAME).bytes(),
                        422, "invalid_metadata"),
                Arguments.of("metadata not JSON", metadata("{not json"), 422, "invalid_metadata"),
                Arguments.of("duplicate features", metadata(METADATA.replace("\"vibration_rms\"", "\"temperature_c\"")),
                        422, "invalid_metadata"),
                Arguments.of("shape not [-1, 8]", metadata(METADATA.replace("-1, 8", "-1, 9")), 422, "invalid_metadata"),
                Arguments.of("float64", metadata(METADATA.replace("float32", "float64")), 422, "invalid_metadata"),
                Arguments.of("no outputs", metadata(METADATA.replace("[ \"score\" ]", "[ ]")), 422, "invalid_metadata"),
                Arguments.of("threshold 1.5", metadata(METADATA.replace("0.42", "1.5")), 422, "invalid_metadata"),
                Arguments.of("zip bomb", zipBomb(), 413, "expands_too_large"),
                Arguments.of("too many entries", manyEntries(LIMITS.maxEntries()), 413, "too_many_entries"),
                Arguments.of("body over the limit", new byte[(int) LIMITS.maxUploadBytes() + 1], 413, "upload_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void aBadUploadIsRefusedWithJsonAndLeavesNothingBehind(String problem, byte[] body, int status, String error) {
        List<Path> storeBefore = registry.storeFiles();
        long endBefore = registry.topicEndOffset();

        Reply reply = http.upload(newName(), body, TOKEN);

        assertThat(reply.status()).as(problem).isEqualTo(status);
        assertIsJsonError(reply, error);
        assertThat(registry.storeFiles()).as("files in the store").isEqualTo(storeBefore);
        assertThat(registry.topicEndOffset()).as("catalog topic end offset").isEqualTo(endBefore);
    }

    @Test
    void aChunkedBodyIsCountedAndRefusedOncePastTheLimit() {
        List<Path> storeBefore = registry.storeFiles();
        long endBefore = registry.topicEndOffset();

        Reply reply = http.uploadChunked(newName(), new byte[(int) LIMITS.maxUploadBytes() * 10], DedicatedRegistry.TOKEN);

        assertThat(reply.status()).isEqualTo(413);
        assertIsJsonError(reply, "upload_too_large");
        assertThat(registry.storeFiles()).isEqualTo(storeBefore);
        assertThat(registry.topicEndOffset()).isEqualTo(endBefore);
    }

    @Test
    void writesWithoutATokenAre401AndWithTheWrongOne403() throws IOException {
        byte[] zip = Files.readAllBytes(TestModels.zippedStandIn(dir, "auth"));
        String name = newName();
        long endBefore = registry.topicEndOffset();

        Reply none = http.upload(name, zip, Optional.empty());
        Reply wrong = http.upload(name, zip, Optional.of("not-the-token"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertIsJsonError(none, "unauthorized");
        assertThat(wrong.status()).isEqualTo(403);
        assertIsJsonError(wrong, "forbidden");

        Reply created = http.upload(name, zip, TOKEN);
        assertThat(created.status()).isEqualTo(201);
        assertThat(http.stage(name, 1, "PRODUCTION", Optional.empty()).status()).isEqualTo(401);
        assertThat(http.stage(name, 1, "PRODUCTION", Optional.of("nope")).status()).isEqualTo(403);
        assertThat(registry.topicEndOffset()).as("only the authorized upload was written").isEqualTo(endBefore + 1);
        assertThat(http.get("/models/" + name + "/versions/1").json().get("stage").asText()).isEqualTo("NONE");
    }

    @Test
    void anUploadAnswers201WithLocationAndTheVersion() throws IOException {
        String name = newName();
        byte[] zip = Files.readAllBytes(TestModels.zippedStandIn(dir, "created"));

        Reply reply = http.upload(name, zip, TOKEN);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("Location")).contains("/models/" + name + "/versions/1");
        assertThat(reply.json().get("digest").asText()).hasSize(64);
        assertThat(reply.json().get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(reply.json().get("inputSignature").get("dtype").asText()).isEqualTo("float32");
    }

    @Test
    void theArtifactIsServedWithItsDigestAsETagAndRevalidatesWith304() throws IOException {
        String name = newName();
        byte[] zip = Files.readAllBytes(TestModels.zippedStandIn(dir, "etag"));
        String digest = http.upload(name, zip, TOKEN).json().get("digest").asText();

        Reply artifact = http.get("/models/" + name + "/versions/1/artifact");
        Reply unchanged = http.get("/models/" + name + "/versions/1/artifact", "If-None-Match", "\"" + digest + "\"");

        assertThat(artifact.status()).isEqualTo(200);
        assertThat(artifact.body()).isEqualTo(zip);
        assertThat(artifact.header("Content-Type")).hasValue("application/zip");
        assertThat(artifact.header("Content-Length")).contains(Integer.toString(zip.length));
        assertThat(artifact.header("ETag")).contains("\"" + digest + "\"");
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.header("ETag")).contains("\"" + digest + "\"");
        assertThat(unchanged.header("Content-Type")).isEmpty();
    }

    @Test
    void whatDoesNotExistIs404WithJson() throws IOException {
        String name = newName();
        http.upload(name, Files.readAllBytes(TestModels.zippedStandIn(dir, "exists")), TOKEN);
        String unknown = newName();

        assertIsJsonError(http.get("/models/" + unknown + "/versions"), 404, "model_not_found");
        assertIsJsonError(http.get("/models/" + unknown + "/versions/1"), 404, "model_not_found");
        assertIsJsonError(http.get("/models/" + unknown + "/versions/1/artifact"), 404, "model_not_found");
        assertIsJsonError(http.get("/models/" + unknown + "/production"), 404, "model_not_found");
        assertIsJsonError(http.get("/models/" + name + "/versions/7"), 404, "version_not_found");
        assertIsJsonError(http.get("/models/" + name + "/production"), 404, "no_production_version");
        assertIsJsonError(http.stage(name, 7, "STAGING", TOKEN), 404, "version_not_found");
        assertIsJsonError(http.get("/no/such/route"), 404, "not_found");
    }

    @Test
    void malformedRequestsAre4xxWithJson() throws IOException {
        String name = newName();
        byte[] zip = Files.readAllBytes(TestModels.zippedStandIn(dir, "malformed"));
        http.upload(name, zip, TOKEN);

        assertIsJsonError(http.get("/models/bad%20name/versions"), 400, "invalid_model_name");
        assertIsJsonError(http.get("/models/" + "x".repeat(101) + "/versions"), 400, "invalid_model_name");
        assertIsJsonError(http.get("/models/" + name + "/versions/first"), 400, "invalid_version");
        assertIsJsonError(http.stage(name, 1, "LIVE", TOKEN), 400, "invalid_stage");
        assertIsJsonError(http.stage(name, 1, "NONE", TOKEN), 400, "invalid_stage");
        assertIsJsonError(http.post("/models/" + name + "/versions/1/stage", "application/json",
                "not json".getBytes(), TOKEN), 400, "invalid_json");
        assertIsJsonError(http.post("/models/" + name + "/versions", "application/octet-stream", zip, TOKEN), 415,
                "unsupported_media_type");
        assertIsJsonError(http.post("/models", "application/json", "{}".getBytes(), TOKEN), 405, "method_not_allowed");
    }

    @Test
    void healthIsUp() {
        Reply health = http.get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().toString()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void theClientRefusesADownloadWhoseBytesDoNotMatchTheDigest() throws IOException {
        ModelRegistryClient client = new ModelRegistryClient(ModelRegistryClientConfig.of(registry.url())
                .withToken(DedicatedRegistry.TOKEN));
        String name = newName();
        ModelVersion version = client.register(name, TestModels.standIn(dir.resolve("model"), name, TestModels.metadata()));
        Path stored = registry.storedArtifact(version.getDigest());
        byte[] corrupt = Files.readAllBytes(stored);
        corrupt[corrupt.length / 2] ^= 0x01;
        Files.write(stored, corrupt);
        Path target = dir.resolve("downloads/model.zip");

        assertThatThrownBy(() -> client.download(name, 1, target))
                .isInstanceOfSatisfying(ArtifactDigestMismatchException.class, e -> {
                    assertThat(e.expected().hex()).isEqualTo(version.getDigest());
                    assertThat(e.actual()).isNotEqualTo(e.expected());
                })
                .hasMessageContaining(version.getDigest());
        assertThat(target).doesNotExist();
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).as("no partial download left").isEmpty();
        }
    }

    @Test
    void theClientChecksADownloadAgainstTheVersionItAlreadyTrusts() throws IOException {
        ModelRegistryClient client = new ModelRegistryClient(ModelRegistryClientConfig.of(registry.url()));
        String name = newName();
        ModelVersion registered = new ModelRegistryClient(ModelRegistryClientConfig.of(registry.url())
                .withToken(DedicatedRegistry.TOKEN))
                .register(name, TestModels.standIn(dir.resolve("model"), name, TestModels.metadata()));
        // what a scorer would hold had the topic said other bytes than the registry now serves
        ModelVersion trusted = ModelVersion.newBuilder(registered).setDigest("ab".repeat(32)).build();
        Path target = dir.resolve("downloads/model.zip");

        assertThatThrownBy(() -> client.download(trusted, target))
                .isInstanceOfSatisfying(ArtifactDigestMismatchException.class, e -> {
                    assertThat(e.expected().hex()).isEqualTo(trusted.getDigest());
                    assertThat(e.actual().hex()).isEqualTo(registered.getDigest());
                });
        assertThat(target).doesNotExist();

        client.download(registered, target);

        assertThat(Sha256.of(target).hex()).isEqualTo(registered.getDigest());
    }

    @Test
    void theClientReportsARefusalWithItsStatusAndTheServersMessage() {
        ModelRegistryClient client = new ModelRegistryClient(ModelRegistryClientConfig.of(registry.url())
                .withToken("not-the-token"));
        Path model = TestModels.standIn(dir.resolve("model"), "refused", TestModels.metadata());

        assertThatThrownBy(() -> client.register(newName(), model))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.error()).isEqualTo("forbidden");
                })
                .hasMessageContaining("the bearer token is not valid");
        assertThatThrownBy(() -> client.setStage(newName(), 1, ModelStage.STAGING))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
    }

    private static void assertIsJsonError(Reply reply, int status, String error) {
        assertThat(reply.status()).as("status of %s", reply.json()).isEqualTo(status);
        assertIsJsonError(reply, error);
    }

    private static void assertIsJsonError(Reply reply, String error) {
        assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(reply.json().properties()).extracting(java.util.Map.Entry::getKey).containsExactly("error", "message");
        assertThat(reply.error()).isEqualTo(error);
        assertThat(reply.json().get("message").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception");
    }

    private static byte[] metadata(String json) {
        return ZipBuilder.validArtifact().replace(ModelMetadata.FILE_NAME, json).bytes();
    }

    private static byte[] zipBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(ModelArtifacts.SAVED_MODEL_FILE));
            zip.write("graph".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(ModelMetadata.FILE_NAME));
            zip.write(METADATA.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("variables/variables.data-00000-of-00001"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 16; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] manyEntries(int limit) {
        ZipBuilder zip = ZipBuilder.validArtifact();
        for (int i = 0; i < limit; i++) {
            zip.add("variables/shard-" + i, "x");
        }
        return zip.bytes();
    }

    private static String newName() {
        return "refusal-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
