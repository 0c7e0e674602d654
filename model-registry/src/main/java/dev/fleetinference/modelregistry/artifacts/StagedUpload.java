package dev.fleetinference.modelregistry.artifacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An upload received in full into a temporary file; closing it deletes the file.
 *
 * @param file      the temporary file
 * @param digest    sha256 of its content
 * @param sizeBytes its length
 */
public record StagedUpload(Path file, Sha256 digest, long sizeBytes) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
