package dev.fleetinference.modelregistry.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileArtifactStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesAnArtifactUnderItsDigestAndReadsItBack() throws IOException {
        FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
        Path upload = Files.writeString(dir.resolve("upload.zip"), "artifact bytes");
        Sha256 digest = Sha256.of(upload);

        store.put(digest, upload);

        assertThat(store.path(digest)).isEqualTo(dir.resolve("store/sha256/" + digest.hex().substring(0, 2) + "/"
                + digest.hex() + ".zip"));
        assertThat(store.contains(digest)).isTrue();
        try (ArtifactContent content = store.open(digest).orElseThrow()) {
            assertThat(content.sizeBytes()).isEqualTo(14);
            assertThat(content.stream().readAllBytes()).isEqualTo(Files.readAllBytes(upload));
        }
        assertThat(upload).as("the caller's file is left to the caller").exists();
        assertThat(files(dir.resolve("store"))).containsExactly(store.path(digest));
    }

    @Test
    void storingContentItAlreadyHoldsChangesNothing() throws IOException {
        FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
        Path upload = Files.writeString(dir.resolve("upload.zip"), "artifact bytes");
        Sha256 digest = Sha256.of(upload);
        store.put(digest, upload);
        BasicFileAttributes before = Files.readAttributes(store.path(digest), BasicFileAttributes.class);

        store.put(digest, upload);

        BasicFileAttributes after = Files.readAttributes(store.path(digest), BasicFileAttributes.class);
        assertThat(after.fileKey()).isEqualTo(before.fileKey());
        assertThat(after.lastModifiedTime()).isEqualTo(before.lastModifiedTime());
        assertThat(files(dir.resolve("store"))).containsExactly(store.path(digest));
    }

    @Test
    void aFailedPutLeavesNoTemporaryFile() throws IOException {
        FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
        Path upload = Files.writeString(dir.resolve("upload.zip"), "artifact bytes");
        Sha256 digest = Sha256.of(upload);
        // a directory where the artifact belongs: the copy to the temporary file succeeds, the final rename cannot
        Path squatter = Files.createDirectories(store.path(digest));

        assertThatThrownBy(() -> store.put(digest, upload)).isInstanceOf(IOException.class);

        assertThat(store.contains(digest)).isFalse();
        try (Stream<Path> beside = Files.list(squatter.getParent())) {
            assertThat(beside).as("entries beside the artifact's path").containsExactly(squatter);
        }
    }

    @Test
    void anUnknownDigestOpensToNothing() throws IOException {
        FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));

        assertThat(store.open(Sha256.of(new byte[0]))).isEmpty();
    }

    @Test
    void aDigestIsLowercaseHexAndNothingElse() {
        assertThatThrownBy(() -> new Sha256("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sha256("AB".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Sha256.of(new byte[0]).hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
