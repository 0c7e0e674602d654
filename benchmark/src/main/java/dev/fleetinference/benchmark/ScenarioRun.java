package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import dev.fleetinference.localstack.streamapp.CommittedPredictions;
import dev.fleetinference.localstack.streamapp.StreamAppNotReadyException;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One chaos scenario's run: fresh topics and application id, three stream-app instances in JVMs of their own, the
 * steady load and the commit watcher. The scenario's faults act on it while the load runs; then it stops the load,
 * waits until every record of the events topic is committed, stops the instances, reads every prediction and dead
 * letter, and checks that each event sent has exactly one prediction.
 *
 * <p>The instances' logs go to {@code <out>/scenario-<n>}: {@code chaos-a-1.log} is instance {@code chaos-a}'s first
 * start.
 */
final class ScenarioRun implements AutoCloseable {

    static final String INSTANCE_PREFIX = "chaos-";
    // the first start of a scenario's three instances loads TensorFlow's natives three times at once
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration LOAD_STOP_TIMEOUT = Duration.ofSeconds(60);
    // as often as the commit watcher reads the offsets
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration CHECK = Duration.ofMillis(100);
    private static final int LOG_LINES = 6;
    // warnings of every run, which say nothing of a failure: the state directory under the system's temporary one,
    // and each undecodable record handed to the dead-letter handler (by Kafka Streams, then by the app)
    private static final List<String> ROUTINE_WARNINGS = List.of("Using an OS temp directory in the state.dir",
            "Skipping record due to deserialization error", "dead letter (");
    private static final int LOG_LINE_LENGTH = 320;
    private static final int LOG_LINE_HEAD = 100;

    private final ChaosContext context;
    private final Scenario scenario;
    private final String prefix;
    private final PipelineTopics topics;
    private final List<String> predictionTopics;
    private final List<String> deviceIds;
    private final BenchDevices devices;
    private final Path logDir;
    private final ChildInstances instances;
    private final Map<String, ChildStreamApp> up = new LinkedHashMap<>();
    private final CommitWatcher commits;
    private final CrashLoad load;
    private final ReadinessWatch readiness;
    private final List<ChaosFault> faults = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<Predicate<UUID>> excused = new ArrayList<>();
    private final List<String> excuses = new ArrayList<>();
    private long loadStarted;
    private long steadyAt;
    private long loadStopped;

    ScenarioRun(ChaosContext context, Scenario scenario) {
        this.context = context;
        this.scenario = scenario;
        this.prefix = String.format(Locale.ROOT, "chaos-%d-%04x", scenario.about().number(),
                ThreadLocalRandom.current().nextInt(0x10000));
        this.topics = PipelineTopics.named(prefix);
        BenchFleet fleet = new BenchFleet(context.options().devices());
        this.deviceIds = fleet.deviceIds();
        this.predictionTopics = deviceIds.stream().map(topics.predictions()::topicFor).toList();
        this.logDir = context.options().out().resolve("scenario-" + scenario.about().number());
        String applicationId = prefix + "-app";
        this.devices = new BenchDevices(context.cluster(), topics, applicationId, context.options().partitions());
        this.instances = new ChildInstances(context.cluster(), devices, context.options().cacheDir(), logDir,
                context.workDir(), Map.of("FLEET_EVENTS_PARTITIONS", Integer.toString(context.options().partitions())),
                instanceConfig(context.options()));
        this.commits = new CommitWatcher(context.cluster().admin(), applicationId, topics.events(), List.of());
        this.load = new CrashLoad(context.cluster(), fleet, topics.events(), Long.MAX_VALUE, context.options().rate(),
                devices);
        this.readiness = new ReadinessWatch(this::expectedUp);
    }

    /** The instances' config file: the user's, with the rebalance protocol after it when another is asked for. */
    private static String instanceConfig(ChaosOptions options) {
        try {
            String config = options.instanceConfig().isPresent()
                    ? Files.readString(options.instanceConfig().get()) + "\n" : "";
            if (!options.groupProtocol().equals("classic")) {
                config += "kafka.group.protocol=" + options.groupProtocol() + "\n";
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the instances' config file " + options.instanceConfig().get(),
                    e);
        }
    }

    /** Runs it: its instances up, the load on, the scenario's faults between settling periods, then the checks. */
    ScenarioResult execute() throws InterruptedException {
        long began = System.nanoTime();
        print("Scenario %d: %s", scenario.about().number(), scenario.about().title());
        try {
            context.cluster().createTopics(topics.events(), context.options().partitions(), predictionTopics);
            devices.register(deviceIds);
            startAll();
            note("%d instances ready %.1f s after their start", up.size(), (System.nanoTime() - began) / 1e9);
            loadStarted = System.nanoTime();
            load.start();
            // the first fault comes once the pipeline is steady: every partition committing, every instance ready
            awaitFlowing(new ChaosFault("the load started", loadStarted, loadStarted, Map.of()), START_TIMEOUT,
                    this::allReady);
            steadyAt = System.nanoTime();
            readiness.start();
            note("predictions flowing from every partition, every instance ready, %,d ms after the load started",
                    TimeUnit.NANOSECONDS.toMillis(steadyAt - loadStarted));
            settle();
            awaitCaughtUp();
            scenario.inject(this);
            settle();
        } catch (BenchFailedException | StreamAppNotReadyException | IllegalStateException e) {
            fail("%s", e.getMessage());
        }
        return finish();
    }

    ChaosContext context() {
        return context;
    }

    ChaosOptions options() {
        return context.options();
    }

    PipelineTopics topics() {
        return topics;
    }

    /** Kafka Streams' application id of every instance. */
    String applicationId() {
        return instances.applicationId();
    }

    /** The run's devices, {@code device-0001} on. */
    List<String> deviceIds() {
        return deviceIds;
    }

    /** The run's devices in its device registry, to send records as they do. */
    BenchDevices devices() {
        return devices;
    }

    CrashLoad load() {
        return load;
    }

    /** The ids of the instances that run now, in the order they started. */
    synchronized List<String> running() {
        return List.copyOf(up.keySet());
    }

    synchronized ChildStreamApp instance(String id) {
        ChildStreamApp app = up.get(id);
        if (app == null) {
            throw new IllegalArgumentException("no instance " + id + " runs; running: " + up.keySet());
        }
        return app;
    }

    /** The load runs for the settling period. */
    void settle() throws InterruptedException {
        runFor(options().settle());
    }

    /** The load runs for {@code period}; fails the scenario if the load cannot send or an instance dies. */
    void runFor(Duration period) throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        do {
            checkHealth();
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left > 0) {
                Thread.sleep(Math.min(left, CHECK.toMillis()));
            }
        } while (System.nanoTime() < end);
    }

    /** Starts an instance (again: the same id and state directory as before) and waits until it is ready. */
    ChildStreamApp start(String id) throws InterruptedException {
        ChildStreamApp app = instances.start(id, context.workDir().resolve(prefix).resolve(id), id);
        app.awaitReady(START_TIMEOUT);
        synchronized (this) {
            up.put(id, app);
        }
        return app;
    }

    /** SIGKILLs the instance and waits until it is gone; no longer expected up. */
    void kill(String id) throws InterruptedException {
        ChildStreamApp app = takeDown(id);
        app.kill();
    }

    /** SIGTERM, so it closes cleanly; whether it exited on that (rather than SIGKILL after the grace period). */
    boolean stop(String id) {
        return takeDown(id).stop();
    }

    /** The fault {@code label} happened at {@code faultNanos}, and has taken effect now. */
    ChaosFault fault(String label, long faultNanos) {
        ChaosFault fault = new ChaosFault(label, faultNanos, System.nanoTime(), commits.committedByPartition());
        faults.add(fault);
        return fault;
    }

    /**
     * Waits until every partition with events past {@code fault}'s mark has committed past it, so that faults do not
     * pile up; fails the scenario if that takes longer than the recovery timeout. The recovery itself is read from
     * the commit watcher's record at the end.
     */
    void awaitFlowing(ChaosFault fault) throws InterruptedException {
        awaitFlowing(fault, RECOVERY_TIMEOUT, () -> true);
    }

    // and until ready holds
    private void awaitFlowing(ChaosFault fault, Duration timeout, ReadyCheck ready) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<Integer, Long> committed = commits.committedByPartition();
            Map<Integer, Long> ends = context.cluster().endOffsets(topics.events());
            List<Integer> behind = ends.entrySet().stream()
                    .filter(end -> end.getValue() > fault.committedAt(end.getKey())
                            && committed.getOrDefault(end.getKey(), 0L) <= fault.committedAt(end.getKey()))
                    .map(Map.Entry::getKey).toList();
            if (behind.isEmpty() && ready.holds()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("after %s, partitions %s committed nothing more within %d s", fault.label(),
                        behind.isEmpty() ? "(all but not every instance ready)" : behind, timeout.toSeconds());
                return;
            }
            checkHealth();
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The events {@code which} selects are not counted as missing if they have no prediction, {@code why}. */
    void excuse(Predicate<UUID> which, String why) {
        excused.add(which);
        excuses.add(why);
    }

    /** A line for the notes, printed as it happens too. */
    void note(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        notes.add(line);
        print("  %s", line);
    }

    /** Fails the scenario, saying why. */
    void fail(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        failures.add(line);
        print("  FAILED: %s", line);
    }

    @Override
    public void close() {
        readiness.close();
        load.close();
        commits.close();
        instances.close();
        context.cluster().deleteTopics(prefix);
    }

    private void startAll() throws InterruptedException {
        List<String> ids = Stream.iterate('a', c -> (char) (c + 1)).limit(ChaosOptions.INSTANCES)
                .map(c -> INSTANCE_PREFIX + c).toList();
        // the three load TensorFlow at once: slower each, sooner all
        List<ChildStreamApp> started = ids.stream()
                .map(id -> instances.start(id, context.workDir().resolve(prefix).resolve(id), id)).toList();
        for (int i = 0; i < ids.size(); i++) {
            started.get(i).awaitReady(START_TIMEOUT);
            synchronized (this) {
                up.put(ids.get(i), started.get(i));
            }
        }
    }

    private interface ReadyCheck {
        boolean holds() throws InterruptedException;
    }

    /**
     * Fresh brokers and instances fall behind in their first seconds under the load: a fault that came then would be
     * measured with that backlog in it. Waits until less than a second of events is not yet committed.
     */
    private void awaitCaughtUp() throws InterruptedException {
        long began = System.nanoTime();
        long deadline = began + START_TIMEOUT.toNanos();
        while (!caughtUp()) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException("the instances did not catch up with the load within "
                        + START_TIMEOUT.toSeconds() + " s of its start");
            }
            runFor(CHECK);
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        if (waited > CHECK.toMillis()) {
            note("caught up with the load (less than a second of events not yet committed) %,d ms after the settling "
                    + "period, %,d ms after the load started", waited,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStarted));
        }
    }

    private boolean caughtUp() {
        long ends = context.cluster().endOffsets(topics.events()).values().stream().mapToLong(Long::longValue).sum();
        long committed = commits.committedByPartition().values().stream().mapToLong(Long::longValue).sum();
        return ends - committed < options().rate();
    }

    private boolean allReady() throws InterruptedException {
        for (ChildStreamApp app : expectedUp().values()) {
            if (!app.isReady()) {
                return false;
            }
        }
        return true;
    }

    private synchronized ChildStreamApp takeDown(String id) {
        ChildStreamApp app = instance(id);
        up.remove(id);
        return app;
    }

    private synchronized Map<String, ChildStreamApp> expectedUp() {
        return Map.copyOf(up);
    }

    // an instance that exits on its own fails the scenario once; a load that cannot send makes the counts meaningless
    private void checkHealth() {
        load.throwIfFailed();
        for (Map.Entry<String, ChildStreamApp> instance : expectedUp().entrySet()) {
            if (!instance.getValue().isAlive()) {
                takeDown(instance.getKey());
                fail("%s", instance.getValue().exitedMessage("on its own, instance " + instance.getKey()));
            }
        }
    }

    /** Stops the load, waits for the commits, stops the instances, reads what came out and checks it. */
    private ScenarioResult finish() throws InterruptedException {
        if (!load.stop(LOAD_STOP_TIMEOUT)) {
            fail("the load did not stop within %d s", LOAD_STOP_TIMEOUT.toSeconds());
        }
        loadStopped = System.nanoTime();
        readiness.close();
        Optional<ScenarioResult.Figures> figures = Optional.empty();
        Map<Integer, Long> ends = Map.of();
        try {
            load.throwIfFailed();
            ends = context.cluster().endOffsets(topics.events());
            awaitDrained(ends);
            stopAll();
            figures = Optional.of(check());
        } catch (BenchFailedException | TimeoutException e) {
            fail("%s", e.getMessage());
        }
        Map<Integer, Long> finalEnds = ends;
        List<CommitWatcher.Advance> advances = commits.advances();
        List<ScenarioResult.Recovery> recoveries = faults.stream()
                .map(f -> new ScenarioResult.Recovery(f.label(), f.flowingAgainNanos(advances, finalEnds)
                        .map(at -> TimeUnit.NANOSECONDS.toMillis(at - f.faultNanos()))))
                .toList();
        Optional<Long> stall = steadyAt == 0 ? Optional.empty()
                : CommitStall.longest(advances, steadyAt, loadStopped).map(CommitStall::millis);
        if (!failures.isEmpty()) {
            logEvidence();
        }
        Scenario.About about = scenario.about();
        return new ScenarioResult(about.number(), about.name(), about.title(), figures, recoveries, stall,
                failures.isEmpty() ? ScenarioResult.Verdict.PASS : ScenarioResult.Verdict.FAIL, failures, notes);
    }

    private void awaitDrained(Map<Integer, Long> ends) throws InterruptedException {
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (true) {
            Map<Integer, Long> committed = commits.committedByPartition();
            if (ends.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("only %,d of the %,d records of the events topic were committed %d s after the load stopped "
                        + "(behind: %s)", commits.committed(), total, DRAIN_TIMEOUT.toSeconds(),
                        ends.entrySet().stream().filter(e -> committed.getOrDefault(e.getKey(), 0L) < e.getValue())
                                .map(e -> "partition " + e.getKey() + " at " + committed.getOrDefault(e.getKey(), 0L)
                                        + " of " + e.getValue()).collect(Collectors.joining(", ")));
                return;
            }
            checkHealth();
            Thread.sleep(CHECK.toMillis());
        }
    }

    // all at once: each may take its grace period; a clean close leaves no transaction open to hide what follows it
    private void stopAll() {
        List<ChildStreamApp> running = instances.started().stream().filter(ChildStreamApp::isAlive).toList();
        synchronized (this) {
            up.clear();
        }
        List<CompletableFuture<Boolean>> stops = running.stream()
                .map(app -> CompletableFuture.supplyAsync(app::stop)).toList();
        long killed = stops.stream().filter(stop -> !stop.join()).count();
        if (killed > 0) {
            note("%d instance%s did not stop within %d s of SIGTERM and were SIGKILLed", killed, killed == 1 ? "" : "s",
                    ChildStreamApp.STOP_GRACE.toSeconds());
        }
    }

    private ScenarioResult.Figures check() throws TimeoutException {
        BenchCluster cluster = context.cluster();
        CommittedPredictions predictions = CommittedPredictions.read(cluster.bootstrapServers(),
                cluster.clientSettings(), predictionTopics, cluster.predictions(), READ_TIMEOUT);
        DeadLetterLog deadLetters = DeadLetterLog.read(cluster, topics.deadLetters(), READ_TIMEOUT);
        Set<UUID> sent = load.sentIds();
        Set<UUID> predicted = predictions.eventIds();
        Set<UUID> missing = sent.stream().filter(id -> !predicted.contains(id))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        // each excuse counts the events it is the first to excuse
        for (int i = 0; i < excused.size(); i++) {
            Predicate<UUID> excuse = excused.get(i);
            long count = missing.stream().filter(excuse).count();
            missing.removeIf(excuse);
            if (count > 0) {
                note("%,d events with no prediction are not counted as missing: %s", count, excuses.get(i));
            }
        }
        long duplicated = predictions.duplicates(sent);
        if (!missing.isEmpty()) {
            fail("%,d of %,d events have no prediction (by device: %s)", missing.size(), sent.size(),
                    byDevice(missing));
        }
        if (duplicated > 0) {
            fail("%,d predictions are duplicates: %s", duplicated, predictions.duplicated().entrySet().stream()
                    .limit(3).map(e -> e.getKey() + " at " + e.getValue()).collect(Collectors.joining("; ")));
        }
        long strangers = predicted.stream().filter(id -> !sent.contains(id)).count();
        if (strangers > 0) {
            fail("%,d predictions are for events not sent as good ones", strangers);
        }
        reportReadiness();
        scenario.check(this, new Scenario.Outcome(predictions, deadLetters));
        return new ScenarioResult.Figures(sent.size(), predictions.total(), missing.size(), duplicated,
                deadLetters.size());
    }

    /** Whether every instance expected up answered ready at every probe. */
    boolean readyThroughout() {
        return readiness.notReady().isEmpty();
    }

    private void reportReadiness() {
        List<ReadinessWatch.NotReady> notReady = readiness.notReady();
        if (notReady.isEmpty()) {
            note("every instance up was ready at every probe from then on (%,d probes, one a second each)",
                    readiness.probes());
            return;
        }
        note("not ready at %,d of %,d probes: %s", notReady.size(), readiness.probes(), notReady.stream().limit(5)
                .map(n -> String.format(Locale.ROOT, "%s at +%.1f s", n.instance(), (n.nanos() - steadyAt) / 1e9))
                .collect(Collectors.joining(", ")));
    }

    private String byDevice(Set<UUID> events) {
        Map<String, Long> counts = events.stream().collect(Collectors.groupingBy(
                id -> load.device(id).orElse("?"), Collectors.counting()));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")) + (counts.size() > 3 ? ", ..." : "");
    }

    // the lines of the instances' logs that say why: errors first, then warnings, each once, dead letters aside
    private void logEvidence() {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ChildStreamApp app : instances.started()) {
            try (Stream<String> lines = Files.lines(app.logFile())) {
                lines.forEach(line -> {
                    // the time, level and logger, and the end, where Kafka's messages say what went wrong
                    String brief = line.length() <= LOG_LINE_LENGTH ? line : line.substring(0, LOG_LINE_HEAD)
                            + " ... " + line.substring(line.length() - (LOG_LINE_LENGTH - LOG_LINE_HEAD));
                    String entry = app.logFile().getFileName() + ": " + brief;
                    if (line.contains(" ERROR ")) {
                        errors.add(entry);
                    } else if (line.contains(" WARN ") && ROUTINE_WARNINGS.stream().noneMatch(line::contains)) {
                        warnings.add(entry);
                    }
                });
            } catch (IOException | RuntimeException e) {
                warnings.add(app.logFile() + ": cannot be read: " + e.getMessage());
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String> chosen = new ArrayList<>();
        for (String entry : Stream.concat(errors.stream(), warnings.stream()).toList()) {
            // the same message at another time, from another instance or with another counter says nothing new
            String message = entry.replaceFirst("^[^:]+: \\S+ ", "").replaceAll("[0-9]+", "#");
            if (seen.add(message) && chosen.size() < LOG_LINES) {
                chosen.add(entry);
            }
        }
        if (!chosen.isEmpty()) {
            note("the instances' logs (%s) say:", logDir);
            chosen.forEach(line -> note("    %s", line));
        }
    }

    private void print(String format, Object... args) {
        context.out().printf(Locale.ROOT, format + "%n", args);
        context.out().flush();
    }
}
