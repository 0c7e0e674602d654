package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import dev.fleetinference.localstack.streamapp.CommittedPredictions;
import dev.fleetinference.localstack.streamapp.StreamAppNotReadyException;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The crash run: the batched stream app in a JVM of its own, as in production, SIGKILLed several times while events
 * stream in (batches buffered), each time restarted with the same instance id and state directory;
 * then every device's predictions are read read_committed and every event must have exactly one.
 *
 * <p>The events are sent at the benchmark's {@code --rate} from the moment the first incarnation is ready, on through
 * the kills; kill {@code k} of {@code n} comes once {@code k / (n + 1)} of them are committed. Each incarnation's
 * output is {@code stream-app-<n>.log} in {@code <out>/crash}.
 */
final class CrashRun {

    static final String LOG_DIR = "crash";
    private static final String INSTANCE_ID = "bench-crash";
    // the first start loads TensorFlow's natives and downloads the model; a restart finds both in the cache
    private static final Duration FIRST_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    // as often as the commit watcher reads the offsets
    private static final Duration RECOVERY_POLL = Duration.ofMillis(20);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    private static final int LOG_TAIL_LINES = 60;

    private final BenchOptions options;
    private final BenchCluster cluster;
    private final BenchFleet fleet;
    private final PrintStream out;

    CrashRun(BenchOptions options, BenchCluster cluster, BenchFleet fleet, PrintStream out) {
        this.options = options;
        this.cluster = cluster;
        this.fleet = fleet;
        this.out = out;
    }

    /**
     * One kill as it happened: when, the input offsets the killed incarnation had committed by partition, what had
     * been sent by then, and how long until its successor was ready and committing.
     */
    private record KillPoint(Instant at, Map<Integer, Long> committed, long committedEvents, long sent,
                             long readyMillis, long flowingMillis) {
    }

    /** What one run shares: its topics, its application id, its state directory, its incarnations. */
    private record Setup(PipelineTopics topics, List<String> predictionTopics, String applicationId, Path stateDir,
                         ChildInstances incarnations) {
    }

    /** Runs it on fresh topics, deleted at the end; the stream app's state goes under {@code workDir}. */
    CrashResult run(Path workDir) throws InterruptedException {
        int events = options.crashEvents();
        int kills = options.crashKills();
        out.printf(Locale.ROOT, "Crash run: the batched stream app (%s) in a child JVM, %,d events from %d devices at "
                        + "%,.0f events/s, %d SIGKILL%s mid-stream, restarted each time; exactly_once_v2%n",
                Variant.BATCHED.describe(options.batches()), events, options.devices(), options.rate(), kills,
                kills == 1 ? "" : "s");
        long began = System.nanoTime();
        String prefix = String.format(Locale.ROOT, "bench-crash-%04x", ThreadLocalRandom.current().nextInt(0x10000));
        PipelineTopics topics = PipelineTopics.named(prefix);
        String applicationId = prefix + "-app";
        BenchDevices devices = new BenchDevices(cluster, topics, applicationId, options.partitions());
        Setup setup = new Setup(topics, fleet.deviceIds().stream().map(topics.predictions()::topicFor).toList(),
                applicationId, workDir.resolve(prefix + "-state"), new ChildInstances(cluster, devices,
                options.cacheDir(), options.out().resolve(LOG_DIR), workDir, batchedSettings(), ""));
        try {
            cluster.createTopics(topics.events(), options.partitions(), setup.predictionTopics());
            return run(setup, began, devices.register(fleet.deviceIds()));
        } finally {
            setup.incarnations().close();
            cluster.deleteTopics(prefix);
        }
    }

    private CrashResult run(Setup setup, long began, BenchDevices devices) throws InterruptedException {
        int events = options.crashEvents();
        List<Long> marks = new ArrayList<>(killMarks(events, options.crashKills()));
        marks.add((long) events);
        try (CommitWatcher commits = new CommitWatcher(cluster.admin(), setup.applicationId(), setup.topics().events(),
                marks.stream().distinct().toList());
             CrashLoad load = new CrashLoad(cluster, fleet, setup.topics().events(), events, options.rate(),
                     devices)) {
            ChildStreamApp app = start(setup);
            try {
                app.awaitReady(FIRST_START_TIMEOUT);
            } catch (StreamAppNotReadyException e) {
                throw new BenchFailedException("crash run: " + e.getMessage(), e);
            }
            out.printf(Locale.ROOT, "  incarnation 1 (pid %d) ready after %.1f s%n", app.pid(),
                    (System.nanoTime() - began) / 1e9);
            load.start();
            List<KillPoint> kills = new ArrayList<>();
            for (long mark : killMarks(events, options.crashKills())) {
                awaitCommitted(commits, mark, app, load);
                kills.add(killAndRestart(app, setup, commits, load.sent()));
                app = current(setup);
            }
            awaitCommitted(commits, events, app, load);
            load.throwIfFailed();
            // every event is committed; a clean close leaves no transaction open to hide what follows it
            app.stop();
            CommittedPredictions predictions = readPredictions(setup);
            List<CrashResult.Kill> recoveries = new ArrayList<>();
            for (KillPoint kill : kills) {
                recoveries.add(new CrashResult.Kill(recoveries.size() + 1, kill.committedEvents(),
                        Math.max(0, kill.sent() - kill.committedEvents()),
                        predictions.scoredAfter(kill.at(), id -> committedBefore(load, id, kill)), kill.readyMillis(),
                        kill.flowingMillis()));
            }
            CrashResult result = new CrashResult(load.sent(), predictions.total(),
                    predictions.missing(load.sentIds()), predictions.duplicates(load.sentIds()), recoveries,
                    (System.nanoTime() - began) / 1e9);
            out.printf(Locale.ROOT, "  %,d events, %,d predictions read back read_committed: %,d missing, %,d "
                            + "duplicates; %,d events restored from a committed buffer after a kill; %.1f s%n",
                    result.events(), result.predictions(), result.missing(), result.duplicates(),
                    result.restored(), result.wallSeconds());
            return result;
        }
    }

    /** SIGKILLs {@code victim}, starts its successor and waits until it is ready and its first transaction commits. */
    private KillPoint killAndRestart(ChildStreamApp victim, Setup setup, CommitWatcher commits, long sent)
            throws InterruptedException {
        Instant at = Instant.now();
        long killedAt = System.nanoTime();
        victim.kill();
        // the dead incarnation commits nothing more: this is where the next one starts
        Map<Integer, Long> committed = cluster.committedOffsets(setup.applicationId(),
                setup.topics().events());
        long committedEvents = committed.values().stream().mapToLong(Long::longValue).sum();
        ChildStreamApp next = start(setup);
        // both at once: the successor may commit its first transaction before its readiness is seen
        long ready = -1;
        long flowing = -1;
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (ready < 0 || flowing < 0) {
            if (!next.isAlive()) {
                throw new BenchFailedException("crash run: " + next.exitedMessage("after a restart"));
            }
            if (flowing < 0 && commits.committed() > committedEvents) {
                flowing = millisSince(killedAt);
            }
            if (ready < 0 && next.isReady()) {
                ready = millisSince(killedAt);
            }
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException("crash run: the restarted stream app was not " + (ready < 0 ? "ready"
                        : "committing") + " within " + RECOVERY_TIMEOUT.toSeconds() + " s; the end of its log "
                        + next.logFile() + ":\n" + next.logTail(LOG_TAIL_LINES));
            }
            Thread.sleep(RECOVERY_POLL.toMillis());
        }
        out.printf(Locale.ROOT, "  kill %d of %d: SIGKILL with %,d events committed and %,d more sent; incarnation %d "
                        + "(pid %d) ready %,d ms after it, predictions flowing %,d ms after it%n",
                setup.incarnations().started().size() - 1, options.crashKills(), committedEvents,
                Math.max(0, sent - committedEvents), setup.incarnations().started().size(), next.pid(), ready,
                flowing);
        return new KillPoint(at, committed, committedEvents, sent, ready, flowing);
    }

    /** Kill {@code k} of {@code kills} comes once {@code k / (kills + 1)} of the events are committed. */
    static List<Long> killMarks(int events, int kills) {
        List<Long> marks = new ArrayList<>();
        for (int k = 1; k <= kills; k++) {
            marks.add((long) events * k / (kills + 1));
        }
        return marks;
    }

    private static ChildStreamApp current(Setup setup) {
        List<ChildStreamApp> started = setup.incarnations().started();
        return started.get(started.size() - 1);
    }

    /** The next incarnation, with the same instance id and state directory as every other. */
    private static ChildStreamApp start(Setup setup) {
        return setup.incarnations().start(INSTANCE_ID, setup.stateDir(), "stream-app");
    }

    /** The batched variant's settings, as the benchmark's options give them. */
    private Map<String, String> batchedSettings() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLEET_STREAM_THREADS", Integer.toString(options.streamThreads()));
        env.put("FLEET_COMMIT_INTERVAL", options.commitInterval().toMillis() + "ms");
        env.put("FLEET_BATCH_SIZE", Integer.toString(options.batches().size()));
        env.put("FLEET_BATCH_MAX_WAIT", options.batches().maxWait().toMillis() + "ms");
        return env;
    }

    // waits for the mark, checking that the app still runs, the load still sends and the wait is not hopeless
    private static void awaitCommitted(CommitWatcher commits, long mark, ChildStreamApp app, CrashLoad load)
            throws InterruptedException {
        // at least 1,000 events/s, or something is wrong
        long deadline = System.nanoTime() + Duration.ofSeconds(60).plusMillis(mark).toNanos();
        while (commits.awaitCrossing(mark, CHECK_INTERVAL).isEmpty()) {
            load.throwIfFailed();
            if (!app.isAlive()) {
                throw new BenchFailedException("crash run: " + app.exitedMessage(String.format(Locale.ROOT,
                        "with %,d of %,d events committed", commits.committed(), mark)));
            }
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException(String.format(Locale.ROOT, "crash run: only %,d of %,d events "
                        + "committed within the time allowed; the stream app's log: %s", commits.committed(), mark,
                        app.logFile()));
            }
        }
    }

    /** Every prediction on the devices' topics, read as a device reads them. */
    private CommittedPredictions readPredictions(Setup setup) {
        try {
            return CommittedPredictions.read(cluster.bootstrapServers(), cluster.clientSettings(),
                    setup.predictionTopics(), cluster.predictions(), READ_TIMEOUT);
        } catch (TimeoutException e) {
            throw new BenchFailedException("crash run: the predictions: " + e.getMessage(), e);
        }
    }

    // the killed incarnation had read the event and committed its offset: it was in the committed buffer or scored
    private static boolean committedBefore(CrashLoad load, UUID eventId, KillPoint kill) {
        return load.position(eventId)
                .map(p -> p.offset() < kill.committed().getOrDefault(p.partition(), 0L))
                .orElse(false);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
