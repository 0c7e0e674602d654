package dev.fleetinference.streamapp.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rows and scores the trainer's own TensorFlow session wrote next to a SavedModel ({@code probe.json}). */
public record Probe(List<String> featureNames, float[][] inputs, float[] scores) {

    public static Probe read(Path savedModelDir) {
        try {
            JsonNode json = new ObjectMapper().readTree(savedModelDir.resolve("probe.json").toFile());
            List<String> names = new ArrayList<>();
            json.get("featureNames").forEach(n -> names.add(n.asText()));
            JsonNode rows = json.get("inputs");
            float[][] inputs = new float[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                inputs[i] = new float[rows.get(i).size()];
                for (int j = 0; j < inputs[i].length; j++) {
                    inputs[i][j] = (float) rows.get(i).get(j).asDouble();
                }
            }
            JsonNode scoreNodes = json.get("scores");
            float[] scores = new float[scoreNodes.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (float) scoreNodes.get(i).asDouble();
            }
            return new Probe(List.copyOf(names), inputs, scores);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the probe of " + savedModelDir, e);
        }
    }
}
