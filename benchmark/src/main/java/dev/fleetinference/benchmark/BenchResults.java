package dev.fleetinference.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * (the warm-up round as round 0), the model alone, the summary, and the crash run.
 *
 * @param startedAt the run's start, ISO-8601
 * @param settings  the options, as text
 * @param machine   cores, JVM, operating system
 * @param predictor the model alone, every round and batch size
 * @param rounds    every variant's rounds, in the order run
 * @param summary   medians, ratios and targets over the recorded rounds
 * @param crash     the crash run; null (and left out of the JSON) when it was skipped
 */
record BenchResults(String startedAt, Map<String, String> settings, Map<String, String> machine,
                    List<PredictorResult> predictor, List<RoundResult> rounds, BenchSummary summary,
                    @JsonInclude(JsonInclude.Include.NON_NULL) CrashResult crash) {

    static final String JSON_FILE = "results.json";

    /** Whether every event of every round, and of the crash run, got exactly one prediction. */
    boolean exactlyOnce() {
        return rounds.stream().allMatch(RoundResult::exactlyOnce) && (crash == null || crash.exactlyOnce());
    }

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
