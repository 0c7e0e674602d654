package dev.fleetinference.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario 6: a device's predictions topic deleted mid-stream with the Admin API, as an operator's mistake would:
 * the predictions on it are gone with it, but those of the device's later events must come, on the topic created
 * again, and no other device may be held up.
 */
final class DeletedPredictionsTopic implements Scenario {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CATCH_UP_CHECK = Duration.ofMillis(200);

    @Override
    public About about() {
        return new About(6, "predictions topic deleted", "a device's predictions topic deleted mid-stream");
    }

    @Override
    public void inject(ScenarioRun run) throws InterruptedException {
        String device = run.deviceIds().get(0);
        String topic = run.topics().predictions().topicFor(device);
        BenchCluster cluster = run.context().cluster();
        try (DeletedTopicTail tail = new DeletedTopicTail(cluster, topic)) {
            awaitReading(run, tail);
            long deleting = System.nanoTime();
            try {
                cluster.admin().deleteTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new BenchFailedException("could not delete " + topic + ": " + e.getMessage(), e);
            }
            // what was committed by now was written to the old topic: deleted with it, not lost by the pipeline
            Map<Integer, Long> committed = cluster.committedOffsets(run.applicationId(), run.topics().events());
            ChaosFault fault = run.fault(topic + " deleted", deleting);
            CrashLoad load = run.load();
            run.excuse(id -> load.device(id).filter(device::equals).isPresent() && load.position(id)
                            .filter(p -> p.offset() < committed.getOrDefault(p.partition(), 0L)).isPresent(),
                    "the predictions of " + device + "'s events committed before its topic was deleted went with it");
            run.note("deleted %s with %,d events committed and %,d sent", topic,
                    committed.values().stream().mapToLong(Long::longValue).sum(), load.sent());
            run.awaitFlowing(fault);
            // a transaction open at the deletion had appended to the old partition and commits once its
            // coordinator finds no partition left to mark: its predictions went with the topic too
            run.excuse(tail::appended, "their predictions were seen appended to the old " + topic + " (read "
                    + "uncommitted) before it was deleted, by a transaction that committed after the deletion began");
            run.note("%,d predictions seen appended to the old topic before it went%s", tail.count(),
                    tail.failure().map(why -> " (the reader stopped early: " + why + ")").orElse(""));
        }
    }

    // the tail reads the topic from its beginning: the deletion waits until it reads, and a moment more (the topic
    // grows by some twenty predictions a second, which one fetch reads)
    private static void awaitReading(ScenarioRun run, DeletedTopicTail tail) throws InterruptedException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (tail.count() == 0 && System.nanoTime() < deadline) {
            run.runFor(CATCH_UP_CHECK);
        }
        run.runFor(CATCH_UP_CHECK);
    }

    @Override
    public void check(ScenarioRun run, Outcome outcome) {
        String topic = run.topics().predictions().topicFor(run.deviceIds().get(0));
        try {
            Set<String> topics = run.context().cluster().admin().listTopics().names()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            run.note(topics.contains(topic) ? "%s exists again at the end" : "%s was not created again", topic);
        } catch (ExecutionException | TimeoutException e) {
            run.note("could not list the topics: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
