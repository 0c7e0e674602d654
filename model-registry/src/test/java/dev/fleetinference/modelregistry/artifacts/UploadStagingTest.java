package dev.fleetinference.modelregistry.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadStagingTest {

    @TempDir
    Path dir;

    @Test
    void receivesABodyIntoAFileWithItsDigestAndSize() throws IOException {
        UploadStaging staging = new UploadStaging(dir.resolve("uploads"), 1024);
        staging.prepare();
        byte[] body = "zip bytes".getBytes();

        try (StagedUpload upload = staging.receive(new ByteArrayInputStream(body))) {
            assertThat(upload.file()).hasBinaryContent(body);
            assertThat(upload.digest()).isEqualTo(Sha256.of(body));
            assertThat(upload.sizeBytes()).isEqualTo(body.length);
        }

        assertThat(listing(dir.resolve("uploads"))).as("closing deletes the file").isEmpty();
    }

    @Test
    void refusesABodyAsSoonAsItPassesTheLimitAndLeavesNoFile() throws IOException {
        long limit = 1024 * 1024;
        UploadStaging staging = new UploadStaging(dir.resolve("uploads"), limit);
        staging.prepare();
        EndlessBody body = new EndlessBody();

        ArtifactInspectorTest.assertRefused(() -> staging.receive(body),
                ArtifactRejectedException.Reason.UPLOAD_TOO_LARGE, "larger than 1048576 bytes");

        assertThat(body.read).as("bytes read before giving up").isGreaterThan(limit).isLessThanOrEqualTo(limit + 64 * 1024);
        assertThat(listing(dir.resolve("uploads"))).isEmpty();
    }

    @Test
    void anErrorWhileReceivingLeavesNoFile() throws IOException {
        UploadStaging staging = new UploadStaging(dir.resolve("uploads"), 1024 * 1024);
        staging.prepare();
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(new byte[1000]), new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("no memory left to read the upload");
            }
        });

        assertThatThrownBy(() -> staging.receive(body)).isInstanceOf(OutOfMemoryError.class);

        assertThat(listing(dir.resolve("uploads"))).isEmpty();
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() throws IOException {
        UploadStaging staging = new UploadStaging(dir.resolve("uploads"), 10);
        staging.prepare();

        try (StagedUpload upload = staging.receive(new ByteArrayInputStream(new byte[10]))) {
            assertThat(upload.sizeBytes()).isEqualTo(10);
        }
    }

    @Test
    void preparingRemovesUploadsACrashLeftBehind() throws IOException {
        Path uploads = Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(uploads.resolve("upload-123.zip"), "half an upload");

        new UploadStaging(uploads, 10).prepare();

        assertThat(listing(uploads)).isEmpty();
    }

    private static java.util.List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** A body that never ends, counting what was read from it. */
    private static final class EndlessBody extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            read += length;
            return length;
        }
    }
}
