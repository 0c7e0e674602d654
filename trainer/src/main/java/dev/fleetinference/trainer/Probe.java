package dev.fleetinference.trainer;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code probe.json}: held-out raw feature rows and the scores the exporting session gave them, so that another
 * runtime loading the SavedModel can check that it scores the same.
 */
@JsonPropertyOrder({"featureNames", "inputs", "scores"})
public record Probe(List<String> featureNames, List<List<Float>> inputs, List<Float> scores) {

    /** The file's name in the model directory. */
    public static final String FILE_NAME = "probe.json";

    public Probe {
        featureNames = List.copyOf(featureNames);
        inputs = inputs.stream().map(List::copyOf).toList();
        scores = List.copyOf(scores);
        if (inputs.size() != scores.size()) {
            throw new IllegalArgumentException(inputs.size() + " probe inputs but " + scores.size() + " scores");
        }
    }

    static Probe of(List<String> featureNames, float[][] rows, float[] scores) {
        List<List<Float>> inputs = new ArrayList<>(rows.length);
        List<Float> scoreList = new ArrayList<>(scores.length);
        for (int i = 0; i < rows.length; i++) {
            List<Float> row = new ArrayList<>(rows[i].length);
            for (float value : rows[i]) {
                row.add(value);
            }
            inputs.add(row);
            scoreList.add(scores[i]);
        }
        return new Probe(featureNames, inputs, scoreList);
    }
}
