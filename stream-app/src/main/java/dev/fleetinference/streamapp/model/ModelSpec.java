package dev.fleetinference.streamapp.model;

import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.catalog.ModelNames;
import dev.fleetinference.schemas.ModelVersion;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the pipeline needs to know of a loaded model: its identity for lineage, and how to feed it and read it.
 *
 * @param name         registered model name
 * @param version      registered version number
 * @param digest       sha256 of the artifact, lowercase hex
 * @param featureNames feature names in the order of the model's input vector
 * @param inputName    the serving signature's input
 * @param outputName   the serving signature's output: the score, one per row
 * @param threshold    score at or above which an event is an anomaly; empty if the model has none
 */
public record ModelSpec(String name, int version, String digest, List<String> featureNames, String inputName,
                        String outputName, Optional<Double> threshold) {

    public ModelSpec {
        ModelNames.check(name);
        if (version < 1) {
            throw new IllegalArgumentException("a model version is 1 or more, got " + version);
        }
        digest = new Sha256(digest).hex();
        Objects.requireNonNull(featureNames, "featureNames");
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("model '" + name + "' version " + version + " names no features");
        }
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(outputName, "outputName");
        Objects.requireNonNull(threshold, "threshold must not be null; use Optional.empty()");
    }

    /**
     * The spec of a registered version whose artifact carries {@code metadata}; the version is the
     * authority for identity, features and threshold (the registry copied them from the metadata),
     * the metadata for the input name, which the catalog does not hold.
     */
    public static ModelSpec of(ModelVersion version, ModelMetadata metadata) {
        if (version.getOutputNames().isEmpty()) {
            throw new IllegalArgumentException(describe(version.getName(), version.getVersion(), version.getDigest())
                    + " names no outputs");
        }
        return new ModelSpec(version.getName(), version.getVersion(), version.getDigest(),
                version.getInputSignature().getFeatureNames(), metadata.inputName(), version.getOutputNames().get(0),
                Optional.ofNullable(version.getThreshold()));
    }

    /** Features per input row. */
    public int width() {
        return featureNames.size();
    }

    /** {@code model 'anomaly' version 2 (sha256 …)}, for messages. */
    public String describe() {
        return describe(name, version, digest);
    }

    static String describe(String name, int version, String digest) {
        return "model '" + name + "' version " + version + " (sha256 " + digest + ")";
    }
}
