package dev.fleetinference.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, as written to {@code results.json}: when and how it ran, every round of every variant
 * (the warm-up round as round 0), the model alone, and the summary.
 *
 * @param startedAt the run's start, ISO-8601
 * @param settings  the options, as text
 * @param machine   cores, JVM, operating system
 * @param predictor the model alone, every round and batch size
 * @param rounds    every variant's rounds, in the order run
 * @param summary   medians, ratios and targets over the recorded rounds
 */
record BenchResults(String startedAt, Map<String, String> settings, Map<String, String> machine,
                    List<PredictorResult> predictor, List<RoundResult> rounds, BenchSummary summary) {

    static final String JSON_FILE = "results.json";

    /** Writes the results as indented JSON to {@code dir/results.json}; returns the file. */
    Path writeJson(Path dir) {
        Path file = dir.resolve(JSON_FILE);
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
