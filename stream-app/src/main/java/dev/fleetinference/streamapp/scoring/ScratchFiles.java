package dev.fleetinference.streamapp.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes staging and scratch files the scorer made; a leftover is harmless, so failures are only logged. */
public final class ScratchFiles {

    private static final Logger log = LoggerFactory.getLogger(ScratchFiles.class);

    private ScratchFiles() {
    }

    /** Deletes {@code path}, a file or a directory tree, if it exists. */
    public static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.debug("could not remove {}: {}", path, e.getMessage());
        }
    }
}
