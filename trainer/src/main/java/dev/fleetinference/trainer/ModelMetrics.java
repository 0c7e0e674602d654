package dev.fleetinference.trainer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A model's quality on the held-out devices, as recorded in {@code fleet-model.json}. */
@JsonPropertyOrder({"roc_auc", "precision", "recall", "f1", "accuracy", "validation_samples", "validation_positives"})
public record ModelMetrics(
        @JsonProperty("roc_auc") double rocAuc,
        @JsonProperty("precision") double precision,
        @JsonProperty("recall") double recall,
        @JsonProperty("f1") double f1,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("validation_samples") long validationSamples,
        @JsonProperty("validation_positives") long validationPositives) {

    static ModelMetrics of(double rocAuc, ConfusionCounts counts) {
        return new ModelMetrics(rocAuc, counts.precision(), counts.recall(), counts.f1(), counts.accuracy(),
                counts.total(), counts.positives());
    }
}
