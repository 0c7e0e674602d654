package dev.fleetinference.modelregistry.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.modelregistry.testing.TestModels;
import dev.fleetinference.modelregistry.testing.ZipBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactsTest {

    @TempDir
    Path dir;

    @Test
    void theSameDirectoryAlwaysZipsToTheSameDigest() throws IOException {
        Path model = TestModels.standIn(dir.resolve("model"), "same", TestModels.metadata());
        Sha256 first = Sha256.of(zipBytes(model));

        try (Stream<Path> files = Files.walk(model)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2031-05-06T07:08:09Z")));
            }
        }
        Path copy = TestModels.standIn(dir.resolve("elsewhere/copy"), "same", TestModels.metadata());

        assertThat(Sha256.of(zipBytes(model))).isEqualTo(first);
        assertThat(Sha256.of(zipBytes(copy))).isEqualTo(first);
    }

    @Test
    void differentContentZipsToADifferentDigest() throws IOException {
        Path one = TestModels.standIn(dir.resolve("one"), "one", TestModels.metadata());
        Path two = TestModels.standIn(dir.resolve("two"), "two", TestModels.metadata());

        assertThat(Sha256.of(zipBytes(one))).isNotEqualTo(Sha256.of(zipBytes(two)));
    }

    @Test
    void entriesAreSortedFilesAtTheRootWithAFixedTimestamp() throws IOException {
        Path model = TestModels.standIn(dir.resolve("model"), "layout", TestModels.metadata());

        Path zip = ModelArtifacts.zip(model, dir.resolve("model.zip"));

        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(file.entries());
            assertThat(entries).extracting(ZipEntry::getName).containsExactly("fleet-model.json", "probe.json",
                    "saved_model.pb", "variables/variables.data-00000-of-00001", "variables/variables.index");
            assertThat(entries).extracting(ZipEntry::getTimeLocal).containsOnly(entries.get(0).getTimeLocal());
            assertThat(entries.get(0).getTimeLocal().getYear()).isEqualTo(1980);
        }
    }

    @Test
    void extractRestoresTheDirectoryTheZipWasMadeFrom() throws IOException {
        Path model = TestModels.standIn(dir.resolve("model"), "roundtrip", TestModels.metadata());
        Path zip = ModelArtifacts.zip(model, dir.resolve("model.zip"));

        ModelMetadata metadata = ModelArtifacts.extract(zip, dir.resolve("unpacked"), ArtifactLimits.defaults());

        assertThat(metadata).isEqualTo(TestModels.metadata());
        assertThat(dir.resolve("unpacked/variables/variables.data-00000-of-00001"))
                .hasSameBinaryContentAs(model.resolve("variables/variables.data-00000-of-00001"));
        assertThat(Sha256.of(zipBytes(dir.resolve("unpacked")))).isEqualTo(Sha256.of(zip));
    }

    @Test
    void extractWritesNothingFromAZipThatClimbsOut() throws IOException {
        Path zip = ZipBuilder.validArtifact().add("../outside.txt", "x").writeTo(dir.resolve("slip.zip"));
        Path target = dir.resolve("deep/target");

        ArtifactInspectorTest.assertRefused(() -> ModelArtifacts.extract(zip, target, ArtifactLimits.defaults()),
                ArtifactRejectedException.Reason.UNSAFE_ENTRY, "../outside.txt");
        assertThat(dir.resolve("deep/outside.txt")).doesNotExist();
        assertThat(target).doesNotExist();
    }

    @Test
    void extractThatFailsHalfwayTakesBackWhatItCreated() {
        Path zip = halfExtractable(dir.resolve("half.zip"));
        Path target = dir.resolve("deep/target");

        assertThatThrownBy(() -> ModelArtifacts.extract(zip, target, ArtifactLimits.defaults()))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(dir.resolve("deep")).doesNotExist();
    }

    @Test
    void extractThatFailsHalfwayLeavesWhatWasInTheDirectoryBefore() throws IOException {
        Path zip = halfExtractable(dir.resolve("half.zip"));
        Path target = Files.createDirectories(dir.resolve("target"));
        Path notes = Files.writeString(target.resolve("notes.txt"), "kept");

        assertThatThrownBy(() -> ModelArtifacts.extract(zip, target, ArtifactLimits.defaults()))
                .isInstanceOf(FileAlreadyExistsException.class);

        try (Stream<Path> left = Files.walk(target)) {
            assertThat(left).containsExactlyInAnyOrder(target, notes);
        }
        assertThat(notes).hasContent("kept");
    }

    // A valid artifact whose last entry needs a directory where an earlier entry put a file: the
    // inspection passes, and unpacking fails after the other entries are written.
    private static Path halfExtractable(Path file) {
        return ZipBuilder.validArtifact().add("assets/vocab.txt", "a b c").add("assets/vocab.txt/extra", "d")
                .writeTo(file);
    }

    private static byte[] zipBytes(Path model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelArtifacts.zip(model, out);
        return out.toByteArray();
    }
}
