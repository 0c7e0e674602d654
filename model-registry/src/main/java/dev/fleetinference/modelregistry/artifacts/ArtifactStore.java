package dev.fleetinference.modelregistry.artifacts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage of artifacts by their sha256. Implementations: {@link FileArtifactStore}
 * on a local disk; an S3-compatible object store is the second one planned.
 */
public interface ArtifactStore {

    /**
     * Stores a copy of {@code file}, whose sha256 the caller has computed as {@code digest}. It
     * becomes visible whole or not at all; content the store already holds is left as it is.
     */
    void put(Sha256 digest, Path file) throws IOException;

    boolean contains(Sha256 digest) throws IOException;

    /** The stored content, or empty if the store does not hold it. The caller closes it. */
    Optional<ArtifactContent> open(Sha256 digest) throws IOException;
}
