package dev.fleetinference.modelregistry.artifacts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Artifacts as files under {@code <root>/sha256/<first two hex digits>/<digest>.zip}. A put copies
 * to a temporary file in the target directory, forces it to disk and renames it atomically, so a
 * reader never sees a partial artifact, even across a crash.
 */
public final class FileArtifactStore implements ArtifactStore {

    private final Path root;

    public FileArtifactStore(Path root) {
        this.root = root;
    }

    /** Where the artifact with {@code digest} lives (or would live). */
    public Path path(Sha256 digest) {
        return root.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex() + ".zip");
    }

    @Override
    public void put(Sha256 digest, Path file) throws IOException {
        Path target = path(digest);
        // contains(), not exists(): something other than a file at the path is not the artifact
        if (contains(digest)) {
            return;
        }
        Path dir = Files.createDirectories(target.getParent());
        Path temp = dir.resolve("." + digest.hex() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.copy(file, temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            // A concurrent put of the same content may win the race; the rename then replaces equal bytes.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public boolean contains(Sha256 digest) {
        return Files.isRegularFile(path(digest));
    }

    @Override
    public Optional<ArtifactContent> open(Sha256 digest) throws IOException {
        Path file = path(digest);
        try {
            // the size first: an open stream must not leak if asking for it fails
            long size = Files.size(file);
            return Optional.of(new ArtifactContent(Files.newInputStream(file), size));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
