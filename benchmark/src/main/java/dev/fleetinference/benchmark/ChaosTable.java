package dev.fleetinference.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The chaos run's results: one row per scenario, then each scenario's notes; for the terminal and as Markdown. */
final class ChaosTable {

    private static final String[] COLUMNS = {"#", "scenario", "events", "predictions", "missing", "duplicated",
            "dead letters", "recovery", "longest stall", "verdict"};
    private static final String NONE = "-";

    private ChaosTable() {
    }

    /** The table, aligned, then the notes. */
    static String text(List<ScenarioResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS);
        results.forEach(result -> rows.add(row(result)));
        StringBuilder out = new StringBuilder(ReportTable.columns(rows));
        for (ScenarioResult result : results) {
            out.append(System.lineSeparator()).append("  ").append(result.number()).append(". ")
                    .append(result.title()).append(System.lineSeparator());
            lines(result).forEach(line -> out.append("     ").append(line).append(System.lineSeparator()));
        }
        return out.toString();
    }

    /** The same as a Markdown table and a list of notes per scenario. */
    static String markdown(List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder("| ").append(String.join(" | ", COLUMNS)).append(" |\n")
                .append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |\n");
        results.forEach(result -> out.append("| ").append(String.join(" | ", row(result))).append(" |\n"));
        for (ScenarioResult result : results) {
            out.append("\n").append(result.number()).append(". ").append(result.title()).append("\n");
            lines(result).forEach(line -> out.append("   - ").append(line.replace("|", "\\|")).append("\n"));
        }
        return out.toString();
    }

    private static String[] row(ScenarioResult result) {
        Optional<ScenarioResult.Figures> f = result.figures();
        return new String[] {Integer.toString(result.number()), result.name(),
                f.map(x -> count(x.events())).orElse(NONE), f.map(x -> count(x.predictions())).orElse(NONE),
                f.map(x -> count(x.missing())).orElse(NONE), f.map(x -> count(x.duplicated())).orElse(NONE),
                f.map(x -> count(x.deadLetters())).orElse(NONE), recoveries(result),
                result.longestStall().map(ChaosTable::seconds).orElse(NONE), verdict(result)};
    }

    private static String recoveries(ScenarioResult result) {
        if (result.recoveries().isEmpty()) {
            return NONE;
        }
        return result.recoveries().stream().map(r -> r.millis().map(ChaosTable::seconds).orElse("never"))
                .collect(Collectors.joining(", "));
    }

    private static String verdict(ScenarioResult result) {
        return switch (result.verdict()) {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case SKIPPED -> "skipped: " + result.notes().get(0).replaceFirst("^skipped: ", "");
        };
    }

    // the failures first, then what happened; a skipped scenario's reason is in its verdict already
    private static List<String> lines(ScenarioResult result) {
        List<String> lines = new ArrayList<>();
        result.failures().forEach(failure -> lines.add("FAILED: " + failure));
        if (result.verdict() != ScenarioResult.Verdict.SKIPPED) {
            lines.addAll(result.notes());
            result.recoveries().forEach(r -> lines.add("recovery after " + r.fault() + ": "
                    + r.millis().map(ms -> count(ms) + " ms").orElse("never")));
        }
        return lines;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
