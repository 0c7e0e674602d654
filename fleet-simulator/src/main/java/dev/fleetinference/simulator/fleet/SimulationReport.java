package dev.fleetinference.simulator.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The outcome of one run of the simulated fleet: what was sent, what came back, how fast, and what never did.
 *
 * @param devices                    devices in the fleet
 * @param failingDevices             of them, those in a failure mode
 * @param eventsTopic                the topic the events went to
 * @param requestedRate              the fleet's requested send rate, events/s
 * @param achievedRate               events/s between the first and the last send
 * @param eventsSent                 events handed to the producer
 * @param sendFailures               events the producer could not deliver (not counted as missing)
 * @param predictionsReceived        predictions read from the devices' own topics, whatever they answer
 * @param answered                   sent events answered on their device's topic, each counted once
 * @param missingEventIds            sent events without an answer within the grace period
 * @param grace                      how long the run waited for answers after its last send
 * @param duplicates                 further predictions for an event already answered
 * @param unknownEvents              predictions for events this run never sent
 * @param misrouted                  predictions that arrived on another device's topic (never matched)
 * @param unreadable                 records on a predictions topic that were not a readable {@code Prediction}
 * @param anomalies                  answered events labelled "anomaly", from failing and from healthy devices
 * @param roundTrip                  event sent to prediction received, over the answered events
 * @param firstPrediction            the same over each device's first event, where answered: a new device's wait
 * @param predictionsPerModelVersion answered events by the model that scored them, e.g. "anomaly v2"
 */
public record SimulationReport(int devices, int failingDevices, String eventsTopic, double requestedRate,
                               double achievedRate, long eventsSent, long sendFailures, long predictionsReceived,
                               long answered, Set<UUID> missingEventIds, Duration grace, long duplicates,
                               long unknownEvents, long misrouted, long unreadable, AnomalyCounts anomalies,
                               LatencySummary roundTrip, LatencySummary firstPrediction,
                               SortedMap<String, Long> predictionsPerModelVersion) {

    private static final int SHOWN_MISSING_IDS = 3;

    public SimulationReport {
        Objects.requireNonNull(eventsTopic, "eventsTopic");
        missingEventIds = Set.copyOf(missingEventIds);
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(anomalies, "anomalies");
        Objects.requireNonNull(roundTrip, "roundTrip");
        Objects.requireNonNull(firstPrediction, "firstPrediction");
        predictionsPerModelVersion = Collections.unmodifiableSortedMap(new TreeMap<>(predictionsPerModelVersion));
    }

    static SimulationReport of(FleetSimulationConfig config, int failingDevices, RoundTripTally tally,
                               Set<UUID> missing) {
        return new SimulationReport(config.devices(), failingDevices, config.topics().events(),
                config.eventsPerSecond(), tally.sendRatePerSecond(), tally.sent(), tally.sendFailures(),
                tally.received(), tally.answered(), missing, config.grace(), tally.duplicates(), tally.unknown(),
                tally.misrouted(), tally.unreadable(), tally.anomalies(), tally.roundTrip(), tally.firstPrediction(),
                tally.perModelVersion());
    }

    /** Sent events without an answer within the grace period. */
    public long missing() {
        return missingEventIds.size();
    }

    /** The report as a two-column table, one metric a line. */
    public String toTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("devices", count(devices) + "  (" + count(failingDevices) + " in a failure mode)"));
        rows.add(row("events sent", count(eventsSent) + "  to " + eventsTopic
                + (sendFailures > 0 ? ", " + count(sendFailures) + " failed to send" : "")));
        rows.add(row("send rate", String.format(Locale.ROOT, "%.1f events/s  (requested %s)", achievedRate,
                decimal(requestedRate))));
        rows.add(row("predictions received", count(predictionsReceived)));
        rows.add(row("answered", count(answered)));
        rows.add(row("missing", count(missing()) + "  (no answer within " + seconds(grace) + ")"
                + (missing() > 0 ? ", e.g. " + examples() : "")));
        rows.add(row("duplicates", count(duplicates)));
        if (unknownEvents > 0 || misrouted > 0 || unreadable > 0) {
            rows.add(row("unknown events", count(unknownEvents)));
            rows.add(row("misrouted", count(misrouted) + "  (on another device's topic)"));
            rows.add(row("unreadable", count(unreadable)));
        }
        rows.add(row("anomalies flagged", count(anomalies.total()) + "  (" + count(anomalies.fromFailingDevices())
                + " from failing devices, " + count(anomalies.fromHealthyDevices()) + " from healthy ones)"));
        rows.add(row("round trip p50", millis(roundTrip.p50())));
        rows.add(row("round trip p95", millis(roundTrip.p95())));
        rows.add(row("round trip p99", millis(roundTrip.p99())));
        rows.add(row("round trip max", millis(roundTrip.max())));
        rows.add(row("first prediction", firstPrediction.count() == 0 ? "-"
                : "p50 " + millis(firstPrediction.p50()) + ", p99 " + millis(firstPrediction.p99()) + ", max "
                + millis(firstPrediction.max()) + "  (each device's first event, " + count(firstPrediction.count())
                + " devices)"));
        if (predictionsPerModelVersion.isEmpty()) {
            rows.add(row("by model version", "-"));
        }
        predictionsPerModelVersion.forEach((model, n) -> rows.add(row("by model version", model + ": " + count(n))));
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        return rows.stream()
                .map(r -> "  " + r[0] + " ".repeat(width - r[0].length()) + "  " + r[1])
                .collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
    }

    private String millis(Duration duration) {
        return roundTrip.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }

    private String examples() {
        return missingEventIds.stream().map(UUID::toString).sorted().limit(SHOWN_MISSING_IDS)
                .collect(Collectors.joining(", ")) + (missing() > SHOWN_MISSING_IDS ? ", ..." : "");
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

    private static String seconds(Duration duration) {
        return decimal(duration.toMillis() / 1000.0) + " s";
    }
}
