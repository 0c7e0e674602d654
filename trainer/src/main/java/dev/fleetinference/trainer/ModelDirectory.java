package dev.fleetinference.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * A model directory: the SavedModel with {@code fleet-model.json} and {@code probe.json} in its root. It is written
 * beside its final place and moved there at once, so a crash never leaves a half-written model for the registry.
 */
final class ModelDirectory {

    private final Path directory;
    private final ObjectMapper json;

    ModelDirectory(Path directory, ObjectMapper json) {
        this.directory = directory.toAbsolutePath().normalize();
        this.json = json;
    }

    Path path() {
        return directory;
    }

    /** The JSON style of the files: indented, since models are committed and diffed. */
    static ObjectMapper jsonMapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Fails before any training if the directory cannot take a model.
     *
     * @throws UsageException if it is a file or a directory with something in it
     */
    void requireUsable() {
        if (Files.isRegularFile(directory)) {
            throw new UsageException("--out " + directory + " is a file, not a directory");
        }
        if (Files.isDirectory(directory) && !isEmpty(directory)) {
            throw new UsageException("--out " + directory + " is not empty; remove it or choose another directory");
        }
    }

    void write(ScoringModel model, ModelMetadata metadata, Probe probe) throws IOException {
        Path parent = directory.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + directory.getFileName() + "-");
        try {
            Path savedModel = staging.resolve("model");
            model.exportTo(savedModel);
            json.writeValue(savedModel.resolve(ModelMetadata.FILE_NAME).toFile(), metadata);
            json.writeValue(savedModel.resolve(Probe.FILE_NAME).toFile(), probe);
            Files.deleteIfExists(directory);
            Files.move(savedModel, directory, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileUtils.deleteDirectory(staging.toFile());
        }
    }

    private static boolean isEmpty(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
