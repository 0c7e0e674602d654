package dev.fleetinference.modelregistry.testing;

import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * SavedModel directories for tests: the trainer's real exports in {@code models/anomaly-v<n>} when
 * they exist, otherwise a small stand-in with the same layout ({@code saved_model.pb},
 * {@code variables/}, {@code fleet-model.json}) that the registry accepts; it does not parse the
 * protobuf.
 */
public final class TestModels {

    /** The features the fleet's anomaly model reads, in its input order. */
    public static final List<String> FEATURES = List.of("temperature_c", "vibration_rms", "motor_current_a",
            "pressure_kpa", "humidity_pct", "temperature_c_std", "motor_current_a_std", "pressure_kpa_std");

    private TestModels() {
    }

    /** The metadata the trainer writes, as in the artifact contract. */
    public static ModelMetadata metadata() {
        return new ModelMetadata(ModelMetadata.FORMAT, "serving_default", "features", FEATURES, ModelMetadata.DTYPE,
                List.of(-1L, (long) FEATURES.size()), List.of("score"), Optional.of(0.42),
                Map.of("roc_auc", 0.97, "precision", 0.9, "recall", 0.85), OptionalLong.of(42), OptionalInt.of(30),
                OptionalInt.of(16));
    }

    /** The anomaly model version {@code n} (1 or 2): the real export if there is one, else a stand-in under {@code workDir}. */
    public static Path anomalyModel(Path workDir, int n) {
        Optional<Path> real = repositoryRoot().map(root -> root.resolve("models").resolve("anomaly-v" + n))
                .filter(dir -> Files.isRegularFile(dir.resolve(ModelArtifacts.SAVED_MODEL_FILE))
                        && Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME)));
        return real.orElseGet(() -> standIn(workDir.resolve("anomaly-v" + n), "anomaly-v" + n, metadata()));
    }

    /**
     * A stand-in SavedModel directory with {@code metadata}; {@code seed} makes its bytes, and so its
     * digest, differ from other stand-ins.
     */
    public static Path standIn(Path dir, String seed, ModelMetadata metadata) {
        try {
            Files.createDirectories(dir.resolve("variables"));
            Files.writeString(dir.resolve(ModelArtifacts.SAVED_MODEL_FILE), "stand-in graph for " + seed + "\n".repeat(64),
                    StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("variables/variables.index"), "index of " + seed, StandardCharsets.UTF_8);
            byte[] weights = new byte[4096];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (byte) (i * 31 + seed.hashCode());
            }
            Files.write(dir.resolve("variables/variables.data-00000-of-00001"), weights);
            Files.writeString(dir.resolve("probe.json"), "{\"inputs\": [], \"seed\": \"" + seed + "\"}");
            metadata.writeTo(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stand-in model directory zipped into {@code zip}, the form the registry receives. */
    public static Path zippedStandIn(Path workDir, String seed) {
        try {
            Path dir = standIn(workDir.resolve(seed), seed, metadata());
            return ModelArtifacts.zip(dir, workDir.resolve(seed + ".zip"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("model-registry"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
