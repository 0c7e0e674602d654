package dev.fleetinference.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The summary's section on the stream-app instances when several ran: what each scored in the measured run, the
 * partitions it held, and what the SIGKILL of one of them did.
 *
 * @param applicationId the application id they shared
 * @param topic         the events topic whose partitions they shared
 * @param atStart       who held which partitions once all were ready
 * @param scored        what each scored in the measured run, by instance id, in their order; the killed one's until its
 *                      SIGKILL
 * @param failover      the SIGKILL and what followed; empty if it could not be done
 */
record InstancesSummary(String applicationId, String topic, PartitionAssignment atStart, Map<String, Long> scored,
                        Optional<Failover> failover) {

    InstancesSummary {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(atStart, "atStart");
        scored = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(scored, "scored")));
        Objects.requireNonNull(failover, "failover");
    }

    /** The section's title line. */
    String title() {
        return "The stream app's " + scored.size() + " instances in the measured run (application id " + applicationId
                + ", partitions of " + topic + ")";
    }

    /**
     * The section's rows, name then value: {@code demo-1}, {@code 5,210 scored  partitions 0, 3 until its SIGKILL at
     * 16.2 s}, one per instance, then the failover.
     */
    List<String[]> rows() {
        int width = scored.values().stream().mapToInt(n -> count(n).length()).max().orElse(0);
        List<String[]> rows = new ArrayList<>();
        scored.forEach((id, n) -> rows.add(new String[] {id,
                " ".repeat(width - count(n).length()) + count(n) + " scored  partitions " + held(id)}));
        rows.add(new String[] {"failover", failover.map(this::failoverLine)
                .orElse("not measured (the lines printed during the run say why)")});
        return rows;
    }

    private String held(String id) {
        String start = PartitionAssignment.describe(atStart.partitionsOf(id));
        if (failover.isEmpty()) {
            return start;
        }
        Failover f = failover.get();
        if (f.instance().equals(id)) {
            return start + " until its SIGKILL at " + seconds(f.at().toMillis());
        }
        String after = PartitionAssignment.describe(f.after().partitionsOf(id));
        return after.equals(start) ? start : start + ", then " + after;
    }

    private String failoverLine(Failover f) {
        return f.recovery()
                .map(took -> seconds(took.toMillis()) + " from the SIGKILL of " + f.instance() + " until every partition "
                        + "of " + topic + " was scored again")
                .orElse("not complete " + f.bound().toSeconds() + " s after the SIGKILL of " + f.instance()
                        + ": some partition of " + topic + " was not scored again");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
