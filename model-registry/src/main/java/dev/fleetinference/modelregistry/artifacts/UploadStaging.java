package dev.fleetinference.modelregistry.artifacts;

import dev.fleetinference.modelregistry.artifacts.ArtifactRejectedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Receives upload bodies into temporary files in one directory, hashing and counting them on the
 * way, so a body is never held in memory and one past the size limit is refused as soon as it
 * passes it.
 */
public final class UploadStaging {

    private static final String PREFIX = "upload-";

    private final Path dir;
    private final long maxBytes;

    public UploadStaging(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** Creates the directory and removes uploads a crashed run left in it. */
    public void prepare() throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /**
     * Copies {@code body} to a new temporary file. A body longer than the limit is refused with
     * reason UPLOAD_TOO_LARGE once one byte past the limit has arrived, and its file is deleted.
     */
    public StagedUpload receive(InputStream body) throws IOException {
        Path file = Files.createTempFile(dir, PREFIX, ".zip");
        boolean received = false;
        try {
            MessageDigest digest = Sha256.newDigest();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    size += n;
                    if (size > maxBytes) {
                        throw new ArtifactRejectedException(Reason.UPLOAD_TOO_LARGE,
                                "the upload is larger than " + maxBytes + " bytes (the limit)");
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            StagedUpload upload = new StagedUpload(file, Sha256.of(digest), size);
            received = true;
            return upload;
        } finally {
            // whatever ended the copy early, an Error included, the file goes with it
            if (!received) {
                Files.deleteIfExists(file);
            }
        }
    }
}
