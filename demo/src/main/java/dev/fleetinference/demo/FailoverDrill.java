package dev.fleetinference.demo;

import dev.fleetinference.demo.StreamAppInstances.Instance;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The crash the demo stages when several instances run, and what it reports of them. Once the promoted model has
 * reached every instance holding partitions, it SIGKILLs the one holding the most, then waits until the others have
 * taken them over and scored every partition of the events topic again. After the promotion rather than before it, so
 * that the failover is not mixed with a model swap and every instance is seen to have swapped.
 */
final class FailoverDrill {

    static final Duration PROMOTION_WAIT = Duration.ofSeconds(30);
    static final Duration FAILOVER_BOUND = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final StreamAppInstances instances;
    private final ScoringGroup group;
    private final PartitionAssignment atStart;
    private final AtomicReference<Map<String, Long>> baseline = new AtomicReference<>(Map.of());
    private final AtomicReference<Failover> failover = new AtomicReference<>();

    /** {@code atStart}: who held which partitions once all were ready. */
    FailoverDrill(StreamAppInstances instances, ScoringGroup group, PartitionAssignment atStart) {
        this.instances = instances;
        this.group = group;
        this.atStart = atStart;
    }

    /** The measured run starts: what the instances scored before it (in the warm-up) is not counted. */
    void measureFromNow() {
        baseline.set(instances.scored());
    }

    /**
     * Waits for {@code model} {@code version} to be scored by every instance holding partitions, kills one and waits
     * for the others to take over, printing each step on {@code console}.
     *
     * @param runOrigin when the measured run started, {@link System#nanoTime()}: the times printed are from it
     */
    void run(DemoConsole console, long runOrigin, String model, int version) throws InterruptedException {
        Clock clock = new Clock(runOrigin);
        awaitScoredWith(console, clock, model, version);
        PartitionAssignment before = group.assignment();
        Instance victim = instances.get(before.holderOfMost()
                .orElse(instances.all().get(instances.all().size() - 1).id()));
        Set<Integer> held = before.partitionsOf(victim.id());
        long scored = victim.process().scored();
        Map<Integer, Long> committed = group.committed();
        long killed = System.nanoTime();
        victim.process().kill();
        console.announce(String.format(Locale.ROOT, "%s  SIGKILLed %s (pid %d), which held partition%s %s of %s: the "
                        + "others take %s over once its session has timed out", clock.at(killed), victim.id(),
                victim.process().pid(), held.size() == 1 ? "" : "s", PartitionAssignment.describe(held),
                group.topic(), held.size() == 1 ? "it" : "them"));

        Optional<Duration> recovery = group.awaitScoredAgainWithout(victim.id(), committed, killed, FAILOVER_BOUND);
        PartitionAssignment after = group.assignment();
        long now = System.nanoTime();
        console.announce(recovery.map(took -> String.format(Locale.ROOT, "%s  every partition of %s scored again, "
                                + "%.1f s after the SIGKILL of %s; by instance now:", clock.at(now), group.topic(),
                        took.toMillis() / 1000.0, victim.id()))
                .orElse(String.format(Locale.ROOT, "%s  the partitions of %s were not all scored again within %d s "
                                + "of the SIGKILL of %s; by instance now:", clock.at(now), group.topic(),
                        FAILOVER_BOUND.toSeconds(), victim.id()))
                + System.lineSeparator() + after.toText("    ").stripTrailing());
        failover.set(new Failover(victim.id(), victim.process().pid(), before.partitionsOf(victim.id()),
                Duration.ofNanos(killed - runOrigin), scored, recovery, FAILOVER_BOUND, after));
    }

    /** What each instance scored since {@link #measureFromNow()}, the partitions it held, the failover if it ran. */
    InstancesSummary summary(String applicationId) {
        Optional<Failover> killed = Optional.ofNullable(failover.get());
        Map<String, Long> now = instances.scored();
        killed.ifPresent(f -> now.put(f.instance(), f.scored()));
        Map<String, Long> scored = new LinkedHashMap<>();
        for (Instance instance : instances.all()) {
            Long total = now.get(instance.id());
            if (total != null) {
                scored.put(instance.id(), total - baseline.get().getOrDefault(instance.id(), 0L));
            }
        }
        return new InstancesSummary(applicationId, group.topic(), atStart, scored, killed);
    }

    // the instances without partitions score nothing, with any model
    private void awaitScoredWith(DemoConsole console, Clock clock, String model, int version)
            throws InterruptedException {
        PartitionAssignment assignment = group.assignment();
        List<String> holders = instances.alive().stream().map(Instance::id)
                .filter(id -> !assignment.partitionsOf(id).isEmpty()).toList();
        Set<String> waiting = new LinkedHashSet<>(holders);
        long deadline = System.nanoTime() + PROMOTION_WAIT.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            waiting.removeIf(id -> instances.get(id).process().scoredWithVersion(version) > 0);
            if (!waiting.isEmpty()) {
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        }
        long now = System.nanoTime();
        console.announce(waiting.isEmpty()
                ? String.format(Locale.ROOT, "%s  %s v%d scored by every instance (%s)", clock.at(now), model, version,
                        String.join(", ", holders))
                : String.format(Locale.ROOT, "%s  %s v%d not scored by %s within %d s of the promotion", clock.at(now),
                        model, version, String.join(", ", waiting), PROMOTION_WAIT.toSeconds()));
    }

    // the times printed, as the demo's other lines during the run print them
    private record Clock(long origin) {
        String at(long nanos) {
            return String.format(Locale.ROOT, "%7.1f s", (nanos - origin) / 1e9);
        }
    }
}
