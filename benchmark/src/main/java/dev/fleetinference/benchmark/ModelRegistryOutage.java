package dev.fleetinference.benchmark;

import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Scenario 5: the model registry stopped for the outage, then started again, and a new model version promoted as
 * soon as it answers: every instance must score with it, and how long each took is noted.
 */
final class ModelRegistryOutage implements Scenario {

    private static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(20);

    @Override
    public About about() {
        return new About(5, "model registry down, promotion",
                "the model registry down, a new version promoted as soon as it is back");
    }

    @Override
    public Optional<String> skipped(ChaosContext context) {
        return context.versions().size() < 2 ? Optional.of("needs a second model version") : Optional.empty();
    }

    @Override
    public void inject(ScenarioRun run) throws InterruptedException {
        ChaosContext context = run.context();
        long stopped = System.nanoTime();
        context.stack().stopModelRegistry();
        ChaosFault fault = run.fault("model registry stopped", stopped);
        try {
            run.runFor(run.options().outage());
        } finally {
            context.stack().startModelRegistry();
        }
        ModelVersion next = context.versions().get(context.versions().size() - 1);
        long promoted = System.nanoTime();
        context.models().setStage(next.getName(), next.getVersion(), ModelStage.PRODUCTION);
        run.note("model registry down for %s, started again, and v%d promoted at once",
                BenchRun.seconds(run.options().outage()),
                next.getVersion());
        Map<String, Long> reached = awaitScoring(run, next.getVersion(), promoted);
        run.note("promotion to each instance's first score with v%d: %s", next.getVersion(),
                reached.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d ms", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
        run.awaitFlowing(fault);
    }

    // each instance's first score with the version, ms after the promotion
    private static Map<String, Long> awaitScoring(ScenarioRun run, int version, long promoted)
            throws InterruptedException {
        List<String> instances = run.running();
        Map<String, Long> reached = new LinkedHashMap<>();
        long deadline = promoted + PROMOTION_TIMEOUT.toNanos();
        while (reached.size() < instances.size()) {
            for (String id : instances) {
                if (!reached.containsKey(id) && run.instance(id).scoredWithVersion(version) > 0) {
                    reached.put(id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - promoted));
                }
            }
            if (System.nanoTime() > deadline) {
                run.fail("%s did not score with v%d within %d s of its promotion", instances.stream()
                        .filter(id -> !reached.containsKey(id)).toList(), version, PROMOTION_TIMEOUT.toSeconds());
                break;
            }
            run.runFor(POLL);
        }
        return reached;
    }
}
