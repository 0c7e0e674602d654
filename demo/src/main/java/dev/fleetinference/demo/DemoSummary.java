package dev.fleetinference.demo;

import dev.fleetinference.simulator.fleet.SimulationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the demo prints at its end: the fleet's report, the dead letters by reason, the rate achieved, and the
 * exactly-once verdict (every event sent got exactly one prediction).
 *
 * @param report          the simulated fleet's report
 * @param poisonSent      how many poison records the demo mixed in
 * @param deadLetterTopic where the pipeline put what it could not score
 * @param deadLetters     what that topic holds
 */
record DemoSummary(SimulationReport report, int poisonSent, String deadLetterTopic, DeadLetterCount deadLetters) {

    DemoSummary {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /** Every event sent was answered, once: none missing, no duplicates. */
    boolean exactlyOnce() {
        return report.eventsSent() > 0 && report.missing() == 0 && report.duplicates() == 0;
    }

    /** The last line: {@code exactly once: OK ...} or {@code exactly once: FAILED ...} with what went wrong. */
    String verdict() {
        if (report.eventsSent() == 0) {
            return "exactly once: FAILED  (no event was sent)";
        }
        if (exactlyOnce()) {
            return "exactly once: OK  (each of the " + count(report.eventsSent())
                    + " events got exactly one prediction)";
        }
        List<String> problems = new ArrayList<>();
        if (report.missing() > 0) {
            problems.add(count(report.missing()) + " without a prediction");
        }
        if (report.duplicates() > 0) {
            problems.add(count(report.duplicates()) + (report.duplicates() == 1 ? " duplicate prediction"
                    : " duplicate predictions"));
        }
        return "exactly once: FAILED  (" + String.join(", ", problems) + ", of " + count(report.eventsSent())
                + " events)";
    }

    /** The whole summary, sections then the verdict, each line ending with a line separator. */
    String toText() {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        text.append("The fleet").append(nl).append(report.toTable()).append(nl);
        text.append("Dead letters in ").append(deadLetterTopic).append(nl).append(deadLetterTable()).append(nl);
        text.append("Throughput").append(nl).append(table(List.<String[]>of(row("events/s achieved", String.format(Locale.ROOT,
                "%.1f  (requested %s; %s events sent)", report.achievedRate(), decimal(report.requestedRate()),
                count(report.eventsSent())))))).append(nl);
        text.append(verdict()).append(nl);
        return text.toString();
    }

    private String deadLetterTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("dead letters", count(deadLetters.total()) + "  (" + count(poisonSent)
                + " poison records mixed in)"));
        deadLetters.byReason().forEach((reason, n) -> rows.add(row("  " + reason, count(n))));
        return table(rows);
    }

    private static String table(List<String[]> rows) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        return rows.stream()
                .map(r -> "  " + r[0] + " ".repeat(width - r[0].length()) + "  " + r[1])
                .collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String decimal(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }
}
