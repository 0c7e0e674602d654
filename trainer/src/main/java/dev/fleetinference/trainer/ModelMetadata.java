package dev.fleetinference.trainer;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.fleetinference.simulator.telemetry.FeatureNames;
import java.util.List;

/**
 * {@code fleet-model.json}, the contract with the model registry: how to call the SavedModel beside it, the decision
 * threshold, the held-out metrics and how the model was trained.
 */
@JsonPropertyOrder({"format", "signatureKey", "inputName", "featureNames", "dtype", "inputShape", "outputNames",
        "threshold", "metrics", "trainingSeed", "epochs", "hiddenUnits"})
public record ModelMetadata(int format, String signatureKey, String inputName, List<String> featureNames,
                            String dtype, List<Integer> inputShape, List<String> outputNames, double threshold,
                            ModelMetrics metrics, long trainingSeed, int epochs, int hiddenUnits) {

    /** The file's name in the model directory. */
    public static final String FILE_NAME = "fleet-model.json";
    /** The version of this file's layout. */
    public static final int FORMAT = 1;

    static ModelMetadata of(double threshold, ModelMetrics metrics, Hyperparameters hyperparameters) {
        return new ModelMetadata(FORMAT, ScoringModel.SIGNATURE_KEY, ScoringModel.INPUT_NAME, FeatureNames.ORDERED,
                "float32", List.of(-1, FeatureNames.ORDERED.size()), List.of(ScoringModel.OUTPUT_NAME), threshold,
                metrics, hyperparameters.seed(), hyperparameters.epochs(), hyperparameters.hiddenUnits());
    }
}
