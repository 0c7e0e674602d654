package dev.fleetinference.demo;

import dev.fleetinference.simulator.fleet.SimulationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the demo prints at its end: the measured run's report, the warm-up's cold-start figures, the dead letters by
 * reason, the rate achieved, and the exactly-once verdict (every event sent, in either run, got exactly one
 * prediction); with several stream-app instances, what each scored and what the SIGKILL of one of them did.
 *
 * @param report          the measured run's report: the headline figures
 * @param warmUp          the warm-up run's report, empty when there was none
 * @param poisonSent      how many poison records the demo mixed in
 * @param deadLetterTopic where the pipeline put what it could not score
 * @param deadLetters     what that topic holds
 * @param instances       the stream-app instances and the failover, empty when one instance ran
 * @param isolation       what the devices could do in one another's name, empty when it was not checked
 */
record DemoSummary(SimulationReport report, Optional<SimulationReport> warmUp, int poisonSent, String deadLetterTopic,
                   DeadLetterCount deadLetters, Optional<InstancesSummary> instances,
                   Optional<IsolationCheck.Outcome> isolation) {

    DemoSummary {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(warmUp, "warmUp");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(instances, "instances");
    }

    /** A run with one stream-app instance. */
    DemoSummary(SimulationReport report, Optional<SimulationReport> warmUp, int poisonSent, String deadLetterTopic,
                DeadLetterCount deadLetters, Optional<InstancesSummary> instances) {
        this(report, warmUp, poisonSent, deadLetterTopic, deadLetters, instances, Optional.empty());
    }

    DemoSummary(SimulationReport report, Optional<SimulationReport> warmUp, int poisonSent, String deadLetterTopic,
                DeadLetterCount deadLetters) {
        this(report, warmUp, poisonSent, deadLetterTopic, deadLetters, Optional.empty(), Optional.empty());
    }

    /** A run without a warm-up. */
    DemoSummary(SimulationReport report, int poisonSent, String deadLetterTopic, DeadLetterCount deadLetters) {
        this(report, Optional.empty(), poisonSent, deadLetterTopic, deadLetters);
    }

    /**
     * The warm-up's figures on one line: {@code 2,500 events, 0 missing, 0 duplicates, round trip p50 410.2 ms,
     * p99 2,712.0 ms; each device's first prediction p50 380.0 ms, p99 1,210.5 ms}.
     */
    static String coldStart(SimulationReport warmUp) {
        return count(warmUp.eventsSent()) + " events, " + count(warmUp.missing()) + " missing, "
                + count(warmUp.duplicates()) + (warmUp.duplicates() == 1 ? " duplicate" : " duplicates")
                + ", round trip p50 " + millis(warmUp, warmUp.roundTrip().p50()) + ", p99 "
                + millis(warmUp, warmUp.roundTrip().p99()) + "; each device's first prediction p50 "
                + millis(warmUp, warmUp.firstPrediction().p50()) + ", p99 "
                + millis(warmUp, warmUp.firstPrediction().p99());
    }

    /** Every event sent, in the warm-up and the measured run, was answered once; the measured run sent some. */
    boolean exactlyOnce() {
        return report.eventsSent() > 0 && report.missing() + missing(warmUp) == 0
                && report.duplicates() + duplicates(warmUp) == 0;
    }

    /** The last line: {@code exactly once: OK ...} or {@code exactly once: FAILED ...} with what went wrong. */
    String verdict() {
        long sent = report.eventsSent() + sent(warmUp);
        if (report.eventsSent() == 0) {
            return "exactly once: FAILED  (no event was sent" + (sent > 0 ? " in the measured run)" : ")");
        }
        String split = warmUp.map(w -> ": " + count(w.eventsSent()) + " in the warm-up, "
                + count(report.eventsSent()) + " measured").orElse("");
        if (exactlyOnce()) {
            return "exactly once: OK  (each of the " + count(sent) + " events got exactly one prediction" + split + ")";
        }
        long missing = report.missing() + missing(warmUp);
        long duplicates = report.duplicates() + duplicates(warmUp);
        List<String> problems = new ArrayList<>();
        if (missing > 0) {
            problems.add(count(missing) + " without a prediction" + inWarmUp(missing(warmUp)));
        }
        if (duplicates > 0) {
            problems.add(count(duplicates) + (duplicates == 1 ? " duplicate prediction" : " duplicate predictions")
                    + inWarmUp(duplicates(warmUp)));
        }
        return "exactly once: FAILED  (" + String.join(", ", problems) + ", of " + count(sent) + " events" + split
                + ")";
    }

    /** The whole summary, sections then the verdict, each line ending with a line separator. */
    String toText() {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        if (warmUp.isEmpty()) {
            text.append("The fleet").append(nl).append(report.toTable()).append(nl);
        } else {
            text.append("The fleet, measured after the warm-up").append(nl).append(report.toTable()).append(nl);
            text.append("The warm-up (the cold start, not in the figures above)").append(nl)
                    .append(table(List.<String[]>of(row("cold start", coldStart(warmUp.get()))))).append(nl);
        }
        instances.ifPresent(i -> text.append(i.title()).append(nl).append(table(i.rows())).append(nl));
        text.append("Dead letters in ").append(deadLetterTopic).append(nl).append(deadLetterTable()).append(nl);
        isolation.ifPresent(outcome -> text.append("Isolation: each device, with its own credentials, tried the next "
                + "device's topic and id").append(nl).append(table(isolationRows(outcome))).append(nl));
        text.append("Throughput").append(nl).append(table(List.<String[]>of(row("events/s achieved", String.format(Locale.ROOT,
                "%.1f  (requested %s; %s events sent)", report.achievedRate(), decimal(report.requestedRate()),
                count(report.eventsSent())))))).append(nl);
        text.append(verdict()).append(nl);
        return text.toString();
    }

    /**
     * Whether every event got exactly one prediction and, on a secured stack, no device read another's topic or got
     * an event scored in another's name.
     */
    boolean passed() {
        return exactlyOnce() && isolation.map(IsolationCheck.Outcome::holds).orElse(true);
    }

    private static List<String[]> isolationRows(IsolationCheck.Outcome outcome) {
        IsolationCheck.Tries tries = outcome.tries();
        int sent = tries.impersonations().size();
        return List.of(
                row("read another's topic", count(tries.devices()) + " tries, " + count(tries.readsRefused())
                        + " refused (TopicAuthorizationException), " + count(tries.readsAllowed()) + " allowed"
                        + (tries.secured() ? "" : "  (--insecure: an open cluster lets anyone read any topic)")),
                row("published as another", count(sent) + " tries, " + count(outcome.deadLettered())
                        + " dead-lettered (unauthenticated), " + count(outcome.scored()) + " scored"),
                row("isolation", outcome.holds() ? "OK" : "FAILED"));
    }

    private String deadLetterTable() {
        List<String[]> rows = new ArrayList<>();
        int impersonations = isolation.map(outcome -> outcome.tries().impersonations().size()).orElse(0);
        rows.add(row("dead letters", count(deadLetters.total()) + "  (" + count(poisonSent)
                + " poison records mixed in" + (impersonations == 0 ? "" : ", " + count(impersonations)
                + " events published as another device") + ")"));
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

    private static long sent(Optional<SimulationReport> run) {
        return run.map(SimulationReport::eventsSent).orElse(0L);
    }

    private static long missing(Optional<SimulationReport> run) {
        return run.map(SimulationReport::missing).orElse(0L);
    }

    private static long duplicates(Optional<SimulationReport> run) {
        return run.map(SimulationReport::duplicates).orElse(0L);
    }

    private static String inWarmUp(long n) {
        return n > 0 ? " (" + count(n) + " in the warm-up)" : "";
    }

    private static String millis(SimulationReport run, Duration duration) {
        return run.roundTrip().count() == 0 ? "-" : String.format(Locale.ROOT, "%,.1f ms", duration.toNanos() / 1e6);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String decimal(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }
}
