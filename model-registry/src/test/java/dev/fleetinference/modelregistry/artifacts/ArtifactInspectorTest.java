package dev.fleetinference.modelregistry.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.modelregistry.artifacts.ArtifactRejectedException.Reason;
import dev.fleetinference.modelregistry.testing.TestModels;
import dev.fleetinference.modelregistry.testing.ZipBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactInspectorTest {

    private static final ArtifactLimits LIMITS = new ArtifactLimits(16L * 1024 * 1024, 4L * 1024 * 1024, 50);
    private static final String VALID_METADATA = TestModels.metadata().toJson();

    @TempDir
    Path dir;

    private final ArtifactInspector inspector = new ArtifactInspector(LIMITS);

    @Test
    void acceptsASavedModelZipAndReadsItsMetadata() throws IOException {
        Path zip = TestModels.zippedStandIn(dir, "good");

        ModelMetadata metadata = inspector.inspect(zip);

        assertThat(metadata).isEqualTo(TestModels.metadata());
        assertThat(metadata.featureNames()).hasSize(8).startsWith("temperature_c");
    }

    @Test
    void refusesABodyThatIsNotAZip() throws IOException {
        Path notZip = Files.writeString(dir.resolve("model.zip"), "this is a text file, not a zip");

        assertRefused(() -> inspector.inspect(notZip), Reason.NOT_A_ZIP, "not a zip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.sh", "variables/../../evil.sh", "/etc/cron.d/evil", "C:/evil.bat",
            "variables\\..\\..\\evil.bat", "./saved_model.pb", "variables//x"})
    void refusesAnEntryThatCouldBeWrittenOutsideTheArtifact(String entryName) {
        Path zip = ZipBuilder.validArtifact().add(entryName, "boom").writeTo(dir.resolve("slip.zip"));

        assertRefused(() -> inspector.inspect(zip), Reason.UNSAFE_ENTRY, entryName);
    }

    @Test
    void refusesAZipThatHoldsTheSameEntryTwice() {
        Path zip = ZipBuilder.validArtifact().add(ModelArtifacts.SAVED_MODEL_FILE, "another graph")
                .writeTo(dir.resolve("twice.zip"));

        assertRefused(() -> inspector.inspect(zip), Reason.UNSAFE_ENTRY, "more than once");
    }

    @Test
    void refusesAZipWithoutSavedModelAtItsRootAndSaysWhereItIs() {
        Path zip = ZipBuilder.validArtifact().remove(ModelArtifacts.SAVED_MODEL_FILE)
                .add("anomaly-v1/saved_model.pb", "graph").writeTo(dir.resolve("nested.zip"));

        assertRefused(() -> inspector.inspect(zip), Reason.NO_SAVED_MODEL, "anomaly-v1/saved_model.pb");
    }

    @Test
    void refusesAZipWithoutMetadata() {
        Path zip = ZipBuilder.validArtifact().remove(ModelMetadata.FILE_NAME).writeTo(dir.resolve("bare.zip"));

        assertRefused(() -> inspector.inspect(zip), Reason.INVALID_METADATA, "no fleet-model.json");
    }

    static Stream<Arguments> invalidMetadata() {
        return Stream.of(
                Arguments.of("not JSON", "{\"format\": 1, ", "not valid JSON"),
                Arguments.of("not an object", "[1, 2]", "must be a JSON object"),
                Arguments.of("no feature names", VALID_METADATA.replaceFirst("\"featureNames\"", "\"features_\""),
                        "featureNames is missing"),
                Arguments.of("empty feature names", withFeatures("[]", "[-1, 0]"), "at least one feature"),
                Arguments.of("duplicate feature names", withFeatures("[\"a\", \"b\", \"a\"]", "[-1, 3]"),
                        "'a' more than once"),
                Arguments.of("shape not [-1, n]", withFeatures("[\"a\", \"b\"]", "[-1, 3]"), "inputShape must be [-1, 2]"),
                Arguments.of("fixed batch", withFeatures("[\"a\", \"b\"]", "[1, 2]"), "inputShape must be [-1, 2]"),
                Arguments.of("float64", VALID_METADATA.replace("\"float32\"", "\"float64\""), "dtype must be 'float32'"),
                Arguments.of("no output names", VALID_METADATA.replace("[ \"score\" ]", "[ ]"), "outputNames"),
                Arguments.of("threshold above 1", VALID_METADATA.replace("0.42", "1.5"), "threshold must be between 0 and 1"),
                Arguments.of("threshold below 0", VALID_METADATA.replace("0.42", "-0.1"), "threshold must be between 0 and 1"),
                Arguments.of("unknown format", VALID_METADATA.replace("\"format\" : 1", "\"format\" : 2"),
                        "format must be 1"),
                Arguments.of("metric not a number", VALID_METADATA.replace("0.97", "\"high\""), "metrics.roc_auc"));
    }

    private static String withFeatures(String features, String shape) {
        return VALID_METADATA.replaceFirst("\"featureNames\" : \\[[^\\]]*\\]", "\"featureNames\" : " + features)
                .replaceFirst("\"inputShape\" : \\[[^\\]]*\\]", "\"inputShape\" : " + shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMetadata")
    void refusesMetadataThatDoesNotDescribeTheModel(String problem, String metadata, String message) {
        Path zip = ZipBuilder.validArtifact().replace(ModelMetadata.FILE_NAME, metadata).writeTo(dir.resolve("meta.zip"));

        assertRefused(() -> inspector.inspect(zip), Reason.INVALID_METADATA, message);
    }

    @Test
    void refusesAZipBombThatInflatesPastTheLimitFromATinyBody() throws IOException {
        Path bomb = dir.resolve("bomb.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            addValidEntries(zip);
            zip.putNextEntry(new ZipEntry("variables/variables.data-00000-of-00001"));
            writeZeros(zip, 64L * 1024 * 1024);
            zip.closeEntry();
        }

        assertThat(Files.size(bomb)).as("compressed size").isLessThan(LIMITS.maxUnzippedBytes() / 10);
        assertRefused(() -> inspector.inspect(bomb), Reason.EXPANDS_TOO_LARGE, "inflates to more than");
    }

    @Test
    void aZipThatUnderstatesItsEntrySizesIsStillCaught() throws IOException {
        Path bomb = dir.resolve("liar.zip");
        String name = "variables/variables.data-00000-of-00001";
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            addValidEntries(zip);
            zip.putNextEntry(new ZipEntry(name));
            writeZeros(zip, 8L * 1024 * 1024);
            zip.closeEntry();
        }
        understateCentralDirectorySize(bomb, name, 100);

        assertRefused(() -> inspector.inspect(bomb), Reason.EXPANDS_TOO_LARGE, name);
    }

    @Test
    void refusesAZipWithMoreEntriesThanAllowed() {
        ZipBuilder zip = ZipBuilder.validArtifact();
        for (int i = 0; i < LIMITS.maxEntries(); i++) {
            zip.add("variables/shard-" + i, "x");
        }
        Path file = zip.writeTo(dir.resolve("many.zip"));

        assertRefused(() -> inspector.inspect(file), Reason.TOO_MANY_ENTRIES, "at most 50");
    }

    @Test
    void refusesAnEntryWhoseContentDoesNotMatchItsChecksum() throws IOException {
        byte[] zip = ZipBuilder.validArtifact().add("variables/weights", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .bytes();
        // DEFLATED "AAAA..." is a short run; flipping a byte of it inside the local entry corrupts the data
        int at = indexOf(zip, "variables/weights".getBytes(StandardCharsets.UTF_8)) + "variables/weights".length() + 2;
        zip[at] ^= 0x55;
        Path file = Files.write(dir.resolve("corrupt.zip"), zip);

        assertRefused(() -> inspector.inspect(file), Reason.NOT_A_ZIP, "variables/weights");
    }

    private static void addValidEntries(ZipOutputStream zip) throws IOException {
        zip.putNextEntry(new ZipEntry(ModelArtifacts.SAVED_MODEL_FILE));
        zip.write("graph".getBytes(StandardCharsets.UTF_8));
        zip.putNextEntry(new ZipEntry(ModelMetadata.FILE_NAME));
        zip.write(VALID_METADATA.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeZeros(OutputStream out, long count) throws IOException {
        byte[] zeros = new byte[1024 * 1024];
        for (long written = 0; written < count; written += zeros.length) {
            out.write(zeros);
        }
    }

    /** Rewrites the uncompressed size that the central directory records for {@code name}. */
    private static void understateCentralDirectorySize(Path zip, String name, int size) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        byte[] signature = {0x50, 0x4b, 0x01, 0x02};
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 < bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + 4, signature, 0, 4)
                    && java.util.Arrays.equals(bytes, i + 46, i + 46 + nameBytes.length, nameBytes, 0, nameBytes.length)) {
                ByteBuffer.wrap(bytes, i + 24, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(size);
                Files.write(zip, bytes);
                return;
            }
        }
        throw new IllegalStateException("no central directory header for " + name);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalStateException("not found");
    }

    static void assertRefused(ThrowingCallable call, Reason reason, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ArtifactRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(messagePart);
    }
}
