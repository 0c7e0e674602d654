package dev.fleetinference.streamapp.testing;

import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.streamapp.model.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** The trainer's committed SavedModels ({@code models/anomaly-v1}, {@code -v2}) and broken copies of them. */
public final class CommittedModels {

    public static final Path V1 = Path.of("..", "models", "anomaly-v1");
    public static final Path V2 = Path.of("..", "models", "anomaly-v2");

    private CommittedModels() {
    }

    /** The spec the registry would give {@code dir} as version {@code version} of {@code name}. */
    public static ModelSpec spec(String name, int version, Path dir) {
        try {
            ModelMetadata metadata = ModelMetadata.read(dir);
            Sha256 digest = Sha256.of(dir.resolve(ModelArtifacts.SAVED_MODEL_FILE));
            return new ModelSpec(name, version, digest.hex(), metadata.featureNames(), metadata.inputName(),
                    metadata.outputNames().get(0), metadata.threshold());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of version 1 whose {@code saved_model.pb} is not a protobuf: the registry accepts it (it
     * does not parse the graph), TensorFlow cannot load it.
     */
    public static Path withGarbageGraph(Path target) {
        Path copy = copy(V1, target);
        try {
            Files.writeString(copy.resolve(ModelArtifacts.SAVED_MODEL_FILE), "not a graph\n".repeat(100),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /**
     * A copy of version 1 whose {@code fleet-model.json} declares only its first seven features: a
     * consistent artifact the registry accepts, whose SavedModel still takes eight.
     */
    public static Path withOneFeatureTooFew(Path target) {
        Path copy = copy(V1, target);
        try {
            ModelMetadata real = ModelMetadata.read(V1);
            int width = real.featureNames().size() - 1;
            new ModelMetadata(real.format(), real.signatureKey(), real.inputName(),
                    real.featureNames().subList(0, width), real.dtype(), List.of(-1L, (long) width),
                    real.outputNames(), real.threshold(), real.metrics(), real.trainingSeed(), real.epochs(),
                    real.hiddenUnits()).writeTo(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /**
     * A copy of {@code source} with an asset file of its own: the same model in an artifact, and so with a digest,
     * that no cache holds yet, to see where an instance gets it from.
     */
    public static Path distinctCopy(Path source, Path target) {
        Path copy = copy(source, target);
        try {
            Files.createDirectories(copy.resolve("assets"));
            Files.writeString(copy.resolve("assets").resolve("copy-id.txt"), UUID.randomUUID().toString(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    private static Path copy(Path source, Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
