package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.process.ChildJvm;
import dev.fleetinference.localstack.process.FreePort;
import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import dev.fleetinference.localstack.streamapp.CommittedPredictions;
import dev.fleetinference.localstack.streamapp.StreamAppNotReadyException;
import dev.fleetinference.streamapp.StreamAppMain;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger log = LoggerFactory.getLogger(CrashRun.class);
    static final String LOG_DIR = "crash";
    private static final String INSTANCE_ID = "bench-crash";
    // the first start loads TensorFlow's natives and downloads the model; a restart finds both in the cache
    private static final Duration FIRST_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    // as often as the commit watcher reads the offsets
    private static final Duration RECOVERY_POLL = Duration.ofMillis(20);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final String HEAP = "-Xmx512m";
    private static final int LOG_TAIL_LINES = 60;

    private final BenchOptions options;
    private final BenchCluster cluster;
    private final BenchFleet fleet;
    private final PrintStream out;
    private final List<ChildStreamApp> incarnations = new ArrayList<>();

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

    /** What one run shares: its topics, its application id, its state directory, where the logs go. */
    private record Setup(PipelineTopics topics, List<String> predictionTopics, String applicationId, Path stateDir,
                         Path logDir) {
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
        PipelineTopics topics = new PipelineTopics(prefix + ".events", prefix + ".dlq",
                new DeviceTopics(prefix + ".p."));
        Setup setup = new Setup(topics, fleet.deviceIds().stream().map(topics.predictions()::topicFor).toList(),
                prefix + "-app", workDir.resolve(prefix + "-state"), options.out().resolve(LOG_DIR));
        try {
            cluster.createTopics(topics.events(), options.partitions(), setup.predictionTopics());
            return run(setup, began);
        } finally {
            incarnations.forEach(ChildStreamApp::close);
            cluster.deleteTopics(prefix);
        }
    }

    private CrashResult run(Setup setup, long began) throws InterruptedException {
        int events = options.crashEvents();
        List<Long> marks = new ArrayList<>(killMarks(events, options.crashKills()));
        marks.add((long) events);
        try (CommitWatcher commits = new CommitWatcher(cluster.admin(), setup.applicationId(), setup.topics().events(),
                marks.stream().distinct().toList());
             CrashLoad load = new CrashLoad(cluster, fleet, setup.topics().events(), events, options.rate())) {
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
                app = current();
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
        Map<Integer, Long> committed = committedOffsets(setup);
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
                incarnations.size() - 1, options.crashKills(), committedEvents, Math.max(0, sent - committedEvents),
                incarnations.size(), next.pid(), ready, flowing);
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

    private ChildStreamApp current() {
        return incarnations.get(incarnations.size() - 1);
    }

    /**
     * The next incarnation: the stream app on this JVM's class path (which holds stream-app), logging as
     * {@code ./fleet stream-app} does, SIGKILLed should the benchmark be stopped with Ctrl-C.
     */
    private ChildStreamApp start(Setup setup) {
        int port = FreePort.find();
        Path logFile = setup.logDir().resolve("stream-app-" + (incarnations.size() + 1) + ".log");
        ChildJvm jvm;
        try {
            jvm = ChildJvm.onThisClassPath(StreamAppMain.class.getName())
                    .withJvmOptions(List.of(HEAP, StreamAppLogConfig.jvmOption(setup.logDir())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stream app (log " + logFile + ")", e);
        }
        ChildStreamApp app = ChildStreamApp.start(jvm, environment(setup, port), logFile).killAtExit();
        incarnations.add(app);
        log.info("crash run: incarnation {} is pid {}, log {}", incarnations.size(), app.pid(), app.logFile());
        return app;
    }

    /** The {@code FLEET_*} variables the stream app reads: the batched variant's settings, on the run's topics. */
    private Map<String, String> environment(Setup setup, int httpPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLEET_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        env.put("FLEET_SCHEMA_REGISTRY_URL", cluster.schemaRegistryUrl());
        env.put("FLEET_MODEL_REGISTRY_URL", cluster.modelRegistryUrl());
        env.put("FLEET_MODEL_NAME", PipelineRound.MODEL_NAME);
        env.put("FLEET_EVENTS_TOPIC", setup.topics().events());
        env.put("FLEET_DEAD_LETTER_TOPIC", setup.topics().deadLetters());
        env.put("FLEET_PREDICTIONS_PREFIX", setup.topics().predictions().prefix());
        env.put("FLEET_APPLICATION_ID", setup.applicationId());
        // the same instance id and state directory in every incarnation, as a restarted pod with its volume: static
        // membership gives the new incarnation the dead one's partitions at once, and it fences the dead one's
        // transactions
        env.put("FLEET_INSTANCE_ID", INSTANCE_ID);
        env.put("FLEET_STATE_DIR", setup.stateDir().toString());
        env.put("FLEET_CACHE_DIR", options.cacheDir().toString());
        env.put("FLEET_HTTP_HOST", "127.0.0.1");
        env.put("FLEET_HTTP_PORT", Integer.toString(httpPort));
        env.put("FLEET_PROCESSING_GUARANTEE", "exactly_once_v2");
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
            return CommittedPredictions.read(cluster.bootstrapServers(), setup.predictionTopics(),
                    cluster.predictions(), READ_TIMEOUT);
        } catch (TimeoutException e) {
            throw new BenchFailedException("crash run: the predictions: " + e.getMessage(), e);
        }
    }

    /** The input offsets the app's group has committed, by partition of the events topic. */
    private Map<Integer, Long> committedOffsets(Setup setup) throws InterruptedException {
        Map<Integer, Long> committed = new LinkedHashMap<>();
        try {
            cluster.admin().listConsumerGroupOffsets(setup.applicationId()).partitionsToOffsetAndMetadata()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).forEach((partition, offset) -> {
                        if (partition.topic().equals(setup.topics().events()) && offset != null) {
                            committed.put(partition.partition(), offset.offset());
                        }
                    });
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailedException("crash run: could not read the committed offsets of "
                    + setup.applicationId() + ": " + e.getMessage(), e);
        }
        return committed;
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
