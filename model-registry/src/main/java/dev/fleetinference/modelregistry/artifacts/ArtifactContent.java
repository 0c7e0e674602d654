package dev.fleetinference.modelregistry.artifacts;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stored artifact opened for reading.
 *
 * @param stream    its bytes; closing this closes the stream
 * @param sizeBytes how many bytes the stream holds
 */
public record ArtifactContent(InputStream stream, long sizeBytes) implements Closeable {

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
