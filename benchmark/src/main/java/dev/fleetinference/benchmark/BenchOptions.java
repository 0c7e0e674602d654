package dev.fleetinference.benchmark;

import static dev.fleetinference.benchmark.SettingValues.CACHE_DIR;
import static dev.fleetinference.benchmark.SettingValues.duration;
import static dev.fleetinference.benchmark.SettingValues.integer;

import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.settings.Switch;
import dev.fleetinference.streamapp.StreamAppOptions;
import dev.fleetinference.streamapp.batching.BatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's settings, from (strongest first) flags, environment variables, a properties file, then defaults;
 * {@code --quick} only changes the defaults. A bad value fails at start naming the flag, the variable and the key.
 *
 * @param rounds            measured rounds of every variant; each figure is the median of the rounds
 * @param events            events pre-loaded for the throughput phase of each round, at the least
 * @param window            the least throughput window of a measured round: more events are pre-loaded for a variant
 *                          whose rate would measure a shorter one
 * @param devices           devices sending them, {@code device-0001} on, keyed by device id
 * @param partitions        partitions of the events topic
 * @param rate              the latency phase's and the crash run's send rate, events/s
 * @param latencyWarmUp     how long the latency phase sends before it measures
 * @param latencyDuration   how long it measures
 * @param batches           batch size and longest wait of the batched variants
 * @param commitInterval    the stream app's commit interval (a transaction under exactly-once)
 * @param commitIntervals   a sweep: every variant runs once per interval in each round (labelled
 *                          {@code batched@20ms}); empty: once, at {@code commitInterval}
 * @param streamThreads     the stream app's threads
 * @param predictorDuration how long the model alone is timed at each batch size, per round
 * @param warmUpRound       whether an unrecorded, smaller round of every variant comes first (the JVM compiles)
 * @param variants          the variants to run, in this order within each round
 * @param crashEvents       events of the crash run
 * @param crashKills        SIGKILLs of the crash run's stream app; 0 skips the crash run
 * @param kafka             settings passed to Kafka Streams and its clients as they are (tuning)
 * @param out               where the JSON and the plots go
 * @param root              the checkout, where {@code models/} is
 * @param cacheDir          TensorFlow's natives and downloaded models
 * @param insecure          the main stack open (plaintext, no SASL, no ACLs) instead of secured
 * @param quick             the smoke-run defaults
 * @param help              print usage and stop
 */
record BenchOptions(int rounds, int events, Duration window, int devices, int partitions, double rate, Duration latencyWarmUp,
                    Duration latencyDuration, BatchSettings batches, Duration commitInterval,
                    List<Duration> commitIntervals, int streamThreads, Duration predictorDuration,
                    boolean warmUpRound, List<Variant> variants, int crashEvents,
                    int crashKills, Map<String, String> kafka, Path out, Path root, Path cacheDir, boolean insecure,
                    boolean quick, boolean help) {

    static final String KAFKA_PREFIX = "kafka.";
    private static final Duration MIN_WINDOW = Duration.ofMillis(100);

    private static final Setting ROUNDS = Setting.of("--rounds", "FLEET_BENCH_ROUNDS", "bench.rounds")
            .described("N", "measured rounds of every variant; each figure is the median of the rounds")
            .showingDefault("3; --quick 1");
    private static final Setting EVENTS = Setting.of("--events", "FLEET_BENCH_EVENTS", "bench.events")
            .described("N", "events pre-loaded for each throughput measurement (after a lead of 10 per device), at "
                    + "the least: a fast variant gets more (--window)")
            .showingDefault("300000; --quick 20000");
    private static final Setting WINDOW = Setting.of("--window", "FLEET_BENCH_WINDOW", "bench.window")
            .described("TIME", "the least throughput window of a measured round (from 10% to 100% of its events): a "
                    + "variant gets as many pre-loaded events as its last rate needs for it (--events at the least); "
                    + "a round that still measures less is run again, then fails the run")
            .showingDefault("10s; --quick 1s");
    private static final Setting DEVICES = Setting.of("--devices", "FLEET_BENCH_DEVICES", "bench.devices")
            .withDefault("100").described("N", "devices sending the events, device-0001 on, keyed by device id");
    private static final Setting PARTITIONS = Setting.of("--partitions", "FLEET_BENCH_PARTITIONS",
            "bench.partitions").withDefault("4").described("N", "partitions of the events topic");
    private static final Setting RATE = Setting.of("--rate", "FLEET_BENCH_RATE", "bench.rate").withDefault("5000")
            .described("N", "the latency phase's send rate, and the crash run's, events a second");
    private static final Setting LATENCY_WARM_UP = Setting.of("--latency-warm-up", "FLEET_BENCH_LATENCY_WARM_UP",
            "bench.latency-warm-up").described("TIME", "how long the latency phase sends before it measures")
            .showingDefault("3s; --quick 1s");
    private static final Setting LATENCY_DURATION = Setting.of("--latency-duration", "FLEET_BENCH_LATENCY_DURATION",
            "bench.latency-duration").described("TIME", "how long the latency phase measures")
            .showingDefault("10s; --quick 3s");
    private static final Setting BATCH_SIZE = Setting.of("--batch-size", "FLEET_BATCH_SIZE", "batch.size")
            .withDefault("256").described("N", "the batched variants' batch size, as the stream app's option");
    private static final Setting BATCH_MAX_WAIT = Setting.of("--batch-max-wait", "FLEET_BATCH_MAX_WAIT",
            "batch.max-wait").withDefault("5ms")
            .described("TIME", "the batched variants' longest wait for a batch, as the stream app's option");
    private static final Setting COMMIT_INTERVAL = Setting.of("--commit-interval", "FLEET_COMMIT_INTERVAL",
            "commit.interval").withDefault("50ms")
            .described("TIME", "the stream app's commit interval (a transaction under exactly-once)");
    private static final Setting COMMIT_INTERVALS = Setting.of("--commit-intervals", "FLEET_BENCH_COMMIT_INTERVALS",
            "bench.commit-intervals").described("LIST", "a sweep of commit intervals (e.g. 10ms,20ms,50ms,100ms,"
                    + "200ms): every variant runs once per interval in each round, labelled e.g. batched@20ms, "
                    + "instead of once at --commit-interval (the crash run keeps that); the targets are then not "
                    + "judged");
    private static final Setting THREADS = Setting.of("--stream-threads", "FLEET_STREAM_THREADS", "stream.threads")
            .withDefault("1").described("N", "the stream app's threads");
    private static final Setting KAFKA = Setting.of("--kafka", "FLEET_BENCH_KAFKA", "bench.kafka")
            .described("K=V[,K=V...]", "settings for Kafka Streams and its clients, as the stream app's \"kafka.\" "
                    + "keys (e.g. producer.linger.ms=5,main.consumer.max.poll.records=2000); keys of the --config "
                    + "file starting with \"kafka.\" are added. Settings the benchmark owns (application.id, "
                    + "commit.interval.ms, ...) are refused");
    private static final Setting PREDICTOR_DURATION = Setting.of("--predictor-duration",
            "FLEET_BENCH_PREDICTOR_DURATION", "bench.predictor-duration")
            .described("TIME", "how long the model alone is timed at each batch size, per round")
            .showingDefault("2s; --quick 1s");
    private static final Setting VARIANTS = Setting.of("--variants", "FLEET_BENCH_VARIANTS", "bench.variants")
            .withDefault("pass-through,per-event,batched,batched-constant,batched-insecure")
            .showingDefault("pass-through,per-event,batched,batched-constant,batched-insecure; --insecure: "
                    + "the same without batched-insecure")
            .described("LIST", "which variants to run, in this order");
    private static final Setting CRASH_EVENTS = Setting.of("--crash-events", "FLEET_BENCH_CRASH_EVENTS",
            "bench.crash-events").described("N", "the crash run's events, sent at --rate (1000 per kill and 1000 "
                    + "more at the least)").showingDefault("100000; --quick 20000");
    private static final Setting CRASH_KILLS = Setting.of("--crash-kills", "FLEET_BENCH_CRASH_KILLS",
            "bench.crash-kills").described("N", "SIGKILLs of the crash run's stream app, spread over its events;\n"
                    + "0 kills skips the crash run").showingDefault("5; --quick 2");
    /** Events between two kills (and before the first, after the last) at the least. */
    static final int CRASH_EVENTS_PER_KILL = 1_000;
    private static final Setting OUT = Setting.of("--out", "FLEET_BENCH_OUT", "bench.out")
            .described("DIR", "where results.json and the plots go")
            .showingDefault("target/bench/<date-time> under the current directory");
    // ./fleet sets FLEET_ROOT, so the models are found whatever the directory the bench is started from
    private static final Setting ROOT = Setting.of("--root", "FLEET_ROOT", "bench.root").withDefault(".")
            .described("DIR", "the checkout, where models/anomaly-v1 is; ./fleet sets it");
    private static final Switch QUICK = Switch.of("--quick", "a smoke run: 1 round, 20000 events, 3 s latency phase, "
            + "no warm-up round, a crash run of 20000 events and 2 kills");
    private static final Switch INSECURE = Switch.of("--insecure", "run on an open stack (plaintext, no SASL, no "
            + "ACLs) instead of the secured one; batched-insecure then has nothing to compare with and is left out");
    private static final Switch NO_WARM_UP = Switch.of("--no-warm-up",
            "skip the unrecorded warm-up round of every variant (--quick skips it)");

    /**
     * The stream app's own settings, which the benchmark sets for it through its options of the same names or per
     * round: refused in {@code --kafka}.
     */
    private static final Map<String, String> OWNED = StreamAppOptions.ownedKafkaKeys();

    static final Command COMMAND = Command.named("./fleet bench")
            .description("""
                    Measures the scoring pipeline against its own limits, in one run on the embedded stack
                    (a real Kafka broker, secured unless --insecure, the schema registry and the model
                    registry, started on free ports and stopped at the end), all under exactly_once_v2, with
                    the stream app in this JVM as the pipeline's own principal and every device registered:
                      pass-through      batch size 1, the model call replaced by a constant: the pipeline's
                                        physical limit on this machine
                      per-event         batch size 1, the model scores each event
                      batched           micro-batched scoring (--batch-size, --batch-max-wait)
                      batched-constant  the batched topology with a constant: what the buffer itself costs
                      batched-insecure  batched, on a second, open stack started beside the first: what
                                        TLS, SASL and ACLs cost
                    and the model alone (DJL, one thread) at batch 1 and at the batch size. Then the crash run:
                    the batched stream app in a child JVM, SIGKILLed mid-stream --crash-kills N times while it
                    scores --crash-events N events, restarted each time; every event must end up with exactly
                    one prediction (read_committed).

                    Each round runs every variant on fresh topics and a fresh application id:
                      throughput  the events are pre-loaded, the app started, and the predictions counted
                                  as a read_committed consumer sees them; events/s between 10% and 100%
                      latency     then fresh events at a fixed rate: sent -> prediction visible
                                  (read_committed), p50 and p99 after a warm-up
                    Figures are medians over the rounds. Prints a table and the ratios against the targets
                    (batched >= 0.9 x pass-through and >= 2.5 x per-event throughput; batched p99 at most
                    25 ms above pass-through's; batched >= 0.8 x batched-insecure, the median of the
                    rounds' ratios), and writes results.json (every round), throughput.png and
                    latency.png to --out.""")
            .settings(List.of(ROUNDS, EVENTS, WINDOW, DEVICES, PARTITIONS, RATE, LATENCY_WARM_UP, LATENCY_DURATION, BATCH_SIZE,
                    BATCH_MAX_WAIT, COMMIT_INTERVAL, COMMIT_INTERVALS, THREADS, KAFKA, PREDICTOR_DURATION, VARIANTS,
                    CRASH_EVENTS, CRASH_KILLS, OUT, ROOT, CACHE_DIR))
            .switches(QUICK, NO_WARM_UP, INSECURE)
            .footer("""
                    Exit status: 0 when the run completed (whether or not the targets were met: the table
                    says), 1 when it could not run or an event went missing or got two predictions (in a
                    round or in the crash run: the figures are printed first), 2 on bad usage.""")
            .build();

    static final String USAGE = COMMAND.usage();

    /** The options the arguments, environment and file give; IllegalArgumentException naming the setting if bad. */
    static BenchOptions parse(List<String> args, Map<String, String> env) {
        Settings settings = COMMAND.parse(args, env);
        boolean help = settings.has("--help");
        boolean quick = settings.has("--quick");
        boolean insecure = settings.has("--insecure");
        Path root = Path.of(settings.required(ROOT)).toAbsolutePath().normalize();
        if (help) {
            return new BenchOptions(0, 0, Duration.ZERO, 0, 0, 0, Duration.ZERO, Duration.ZERO, new BatchSettings(1,
                    Duration.ofMillis(1)), Duration.ZERO, List.of(), 0, Duration.ZERO, false, List.of(), 0, 0,
                    Map.of(),
                    Path.of(""), root, Path.of(""), false, quick, true);
        }
        int rounds = integer(settings, ROUNDS, quick ? "1" : "3", 1, 100);
        int events = integer(settings, EVENTS, quick ? "20000" : "300000", 100, 10_000_000);
        Duration latencyWarmUp = duration(settings, LATENCY_WARM_UP, Duration.ofSeconds(quick ? 1 : 3), true);
        Duration latencyDuration = duration(settings, LATENCY_DURATION, Duration.ofSeconds(quick ? 3 : 10), false);
        Duration predictorDuration = duration(settings, PREDICTOR_DURATION, Duration.ofSeconds(quick ? 1 : 2), false);
        BatchSettings batches = new BatchSettings(settings.integer(BATCH_SIZE, 2, 65_536),
                positive(settings, BATCH_MAX_WAIT));
        int crashKills = integer(settings, CRASH_KILLS, quick ? "2" : "5", 0, 100);
        int crashEvents = crashEvents(settings, quick ? "20000" : "100000", crashKills);
        Map<String, String> kafka = new LinkedHashMap<>(settings.fileEntries(KAFKA_PREFIX));
        kafka.putAll(kafkaList(settings));
        checkKafka(kafka);
        Duration window = duration(settings, WINDOW, Duration.ofSeconds(quick ? 1 : 10), false);
        if (window.compareTo(MIN_WINDOW) < 0) {
            throw new IllegalArgumentException(WINDOW.describe() + " must be at least " + MIN_WINDOW.toMillis()
                    + " ms (a commit interval: a shorter window measures the commits, not a rate), got "
                    + window.toMillis() + " ms");
        }
        return new BenchOptions(rounds, events, window, settings.integer(DEVICES, 1, 9_999),
                settings.integer(PARTITIONS, 1, 64), SettingValues.rate(settings, RATE), latencyWarmUp,
                latencyDuration, batches, positive(settings, COMMIT_INTERVAL), commitIntervals(settings),
                settings.integer(THREADS, 1, 64),
                predictorDuration, !quick && !settings.has("--no-warm-up"), variants(settings, insecure), crashEvents,
                crashKills, Map.copyOf(kafka), SettingValues.outDir(settings, OUT, "bench"), root,
                SettingValues.cacheDir(settings), insecure, quick, false);
    }

    /** Whether the crash run runs. */
    boolean crashRun() {
        return crashKills > 0;
    }

    /** The committed model the benchmark registers and scores with. */
    Path modelDir() {
        return root.resolve("models").resolve("anomaly-v1");
    }

    // every kill needs events before it, and the last one events after it, or it lands when all is done
    private static int crashEvents(Settings settings, String fallback, int kills) {
        int events = integer(settings, CRASH_EVENTS, fallback, CRASH_EVENTS_PER_KILL, 10_000_000);
        int least = CRASH_EVENTS_PER_KILL * (kills + 1);
        if (events < least) {
            throw new IllegalArgumentException(CRASH_EVENTS.describe() + " must be at least " + least + " for "
                    + kills + " kills (" + CRASH_EVENTS_PER_KILL + " events between two kills, before the first and "
                    + "after the last), got " + events + "; or lower " + CRASH_KILLS.flag());
        }
        return events;
    }

    private static List<Duration> commitIntervals(Settings settings) {
        if (settings.given(COMMIT_INTERVALS).isEmpty()) {
            return List.of();
        }
        List<Duration> intervals = settings.durations(COMMIT_INTERVALS);
        if (intervals.stream().anyMatch(Duration::isZero)) {
            throw new IllegalArgumentException(COMMIT_INTERVALS.describe() + " must be above zero each, got "
                    + settings.required(COMMIT_INTERVALS));
        }
        if (intervals.stream().distinct().count() < intervals.size()) {
            throw new IllegalArgumentException(COMMIT_INTERVALS.describe() + " names an interval twice: "
                    + settings.required(COMMIT_INTERVALS));
        }
        return intervals;
    }

    /** What each round runs, in this order: every variant, once per interval of a sweep. */
    List<VariantRun> runs() {
        if (commitIntervals.isEmpty()) {
            return variants.stream().map(v -> VariantRun.of(v, commitInterval)).toList();
        }
        return variants.stream().flatMap(v -> commitIntervals.stream().map(i -> VariantRun.swept(v, i))).toList();
    }

    private static Duration positive(Settings settings, Setting setting) {
        Duration value = settings.duration(setting);
        if (value.isZero()) {
            throw new IllegalArgumentException(setting.describe() + " must be above zero");
        }
        return value;
    }

    private static List<Variant> variants(Settings settings, boolean insecure) {
        List<Variant> variants = new ArrayList<>();
        boolean given = settings.given(VARIANTS).isPresent();
        for (String label : settings.requiredNotBlank(VARIANTS).split(",")) {
            Variant variant;
            try {
                variant = Variant.byLabel(label.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(VARIANTS.describe() + ": " + e.getMessage());
            }
            if (variants.contains(variant)) {
                throw new IllegalArgumentException(VARIANTS.describe() + " names '" + label.strip() + "' twice");
            }
            if (variant.insecure() && insecure) {
                if (given) {
                    throw new IllegalArgumentException(VARIANTS.describe() + ": " + variant.label() + " compares "
                            + "an open stack with the secured one, and --insecure makes the run's stack open too; "
                            + "drop one of them");
                }
                continue;
            }
            variants.add(variant);
        }
        return List.copyOf(variants);
    }

    private static Map<String, String> kafkaList(Settings settings) {
        Map<String, String> kafka = new LinkedHashMap<>();
        for (String entry : settings.given(KAFKA).map(v -> v.split(",")).orElse(new String[0])) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException(KAFKA.describe() + " takes KEY=VALUE pairs separated by commas, got '"
                        + entry.strip() + "'");
            }
            kafka.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return kafka;
    }

    private static void checkKafka(Map<String, String> kafka) {
        for (String key : kafka.keySet()) {
            if (OWNED.containsKey(key)) {
                throw new IllegalArgumentException("the Kafka setting '" + key + "' is the stream app's own (set by "
                        + OWNED.get(key) + "); the benchmark sets it per round or by its option of that name");
            }
        }
    }
}
