package dev.fleetinference.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The summary as text: a table for the terminal, and the same as Markdown for the README. */
final class ReportTable {

    // the crash run's table of kills
    private static final String[] KILL_COLUMNS = {"kill", "committed then", "sent, not committed", "restored",
            "kill -> ready", "kill -> flowing"};

    private ReportTable() {
    }

    /** What a smoke run says instead of a verdict. */
    static final String NOT_JUDGED = "not judged (--quick)";

    /**
     * The variants' medians, the model alone, and the ratios (medians of the rounds' own) against the targets, with
     * a verdict for each when {@code judged} (not for a smoke run, whose windows are too short to judge by).
     */
    static String text(BenchSummary summary, boolean judged) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"variant", "throughput", "p50", "p99", "runs as"});
        for (BenchSummary.VariantFigures v : summary.variants()) {
            rows.add(new String[] {v.variant(), String.format(Locale.ROOT, "%,.0f events/s", v.throughput()),
                    millis(v.p50Ms()), millis(v.p99Ms()), v.description()});
        }
        summary.predictor().forEach((batch, rowsPerSecond) -> rows.add(new String[] {"model alone",
                String.format(Locale.ROOT, "%,.0f rows/s", rowsPerSecond), "", "",
                "DJL predictor, one thread, batch " + batch}));
        StringBuilder out = new StringBuilder(columns(rows));
        if (!summary.ratios().isEmpty()) {
            out.append(System.lineSeparator());
            List<String[]> ratios = new ArrayList<>();
            for (Map.Entry<String, Double> ratio : summary.ratios().entrySet()) {
                BenchSummary.Target target = summary.targets().stream()
                        .filter(t -> t.name().equals(ratio.getKey())).findFirst().orElse(null);
                ratios.add(new String[] {ratio.getKey(), value(ratio.getKey(), ratio.getValue()),
                        target == null ? "" : "target " + target.rule(),
                        target == null ? "" : !judged ? NOT_JUDGED : target.met() ? "met" : "NOT MET"});
            }
            out.append(columns(ratios));
        }
        return out.toString();
    }

    /** The same figures as Markdown tables. */
    static String markdown(BenchSummary summary, boolean judged) {
        StringBuilder out = new StringBuilder();
        out.append("| variant | runs as | throughput (events/s) | p50 | p99 |\n| --- | --- | ---: | ---: | ---: |\n");
        for (BenchSummary.VariantFigures v : summary.variants()) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s |%n", v.variant(), v.description(),
                    v.throughput(), millis(v.p50Ms()), millis(v.p99Ms())));
        }
        summary.predictor().forEach((batch, rowsPerSecond) -> out.append(String.format(Locale.ROOT,
                "| model alone | DJL predictor, one thread, batch %d | %,.0f rows/s | | |%n", batch, rowsPerSecond)));
        if (!summary.ratios().isEmpty()) {
            out.append("\n| ratio (median of the rounds' ratios) | value | target | |\n| --- | ---: | --- | --- |\n");
            summary.ratios().forEach((name, value) -> {
                BenchSummary.Target target = summary.targets().stream().filter(t -> t.name().equals(name))
                        .findFirst().orElse(null);
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", name, value(name, value),
                        target == null ? "" : target.rule(), target == null ? "" : !judged ? NOT_JUDGED
                                : target.met() ? "met" : "**not met**"));
            });
        }
        return out.toString();
    }

    /** The crash run: what came back after the kills, and each kill's recovery. */
    static String crashText(CrashResult crash) {
        List<String[]> rows = new ArrayList<>();
        crashFigures(crash).forEach((name, value) -> rows.add(new String[] {name, value}));
        StringBuilder out = new StringBuilder(columns(rows)).append(System.lineSeparator());
        List<String[]> kills = new ArrayList<>();
        kills.add(KILL_COLUMNS);
        crash.kills().forEach(kill -> kills.add(killRow(kill)));
        return out.append(columns(kills)).toString();
    }

    /** The crash run as Markdown tables. */
    static String crashMarkdown(CrashResult crash) {
        StringBuilder out = new StringBuilder("| crash run | |\n| --- | ---: |\n");
        crashFigures(crash).forEach((name, value) -> out.append("| ").append(name).append(" | ").append(value)
                .append(" |\n"));
        out.append("\n| ").append(String.join(" | ", KILL_COLUMNS)).append(" |\n| ---")
                .append(" | ---:".repeat(KILL_COLUMNS.length - 1)).append(" |\n");
        crash.kills().forEach(kill -> out.append("| ").append(String.join(" | ", killRow(kill))).append(" |\n"));
        return out.toString();
    }

    private static String[] killRow(CrashResult.Kill kill) {
        return new String[] {Integer.toString(kill.number()), count(kill.committedAtKill()), count(kill.backlog()),
                count(kill.restored()), count(kill.readyMillis()) + " ms", count(kill.flowingMillis()) + " ms"};
    }

    private static Map<String, String> crashFigures(CrashResult crash) {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("events", count(crash.events()));
        figures.put("kills (SIGKILL mid-stream)", count(crash.kills().size()));
        figures.put("predictions (read_committed)", count(crash.predictions()));
        figures.put("missing", count(crash.missing()));
        figures.put("duplicates", count(crash.duplicates()));
        figures.put("restored from a committed buffer", count(crash.restored()));
        if (!crash.kills().isEmpty()) {
            figures.put("kill -> ready, median", count(Stats.median(crash.kills().stream()
                    .map(k -> (double) k.readyMillis()).toList())) + " ms");
            figures.put("kill -> predictions flowing, median", count(Stats.median(crash.kills().stream()
                    .map(k -> (double) k.flowingMillis()).toList())) + " ms");
        }
        figures.put("wall time", String.format(Locale.ROOT, "%.1f s", crash.wallSeconds()));
        figures.put("exactly once", crash.exactlyOnce() ? "OK" : "FAILED");
        return figures;
    }

    private static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String value(String name, double value) {
        return name.endsWith("(ms)") ? String.format(Locale.ROOT, "%+.1f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /** Rows as aligned columns, numbers to the right, two spaces in. */
    static String columns(List<String[]> rows) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        return rows.stream().map(row -> {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                // numbers right-aligned, words left-aligned
                boolean number = i > 0 && !row[i].isEmpty() && Character.isDigit(row[i].charAt(0))
                        || row[i].startsWith("+") || row[i].startsWith("-") && row[i].length() > 1
                        && Character.isDigit(row[i].charAt(1));
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(number ? pad + row[i] : row[i] + pad).append("   ");
            }
            return line.toString().stripTrailing();
        }).collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
    }
}
