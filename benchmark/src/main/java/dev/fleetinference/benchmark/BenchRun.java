package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.streamapp.model.LoadedModel;
import dev.fleetinference.streamapp.model.ModelLoader;
import dev.fleetinference.streamapp.scoring.TensorFlowRuntime;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import dev.fleetinference.streamapp.validation.FeatureRow;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.commons.io.FileUtils;

/**
 * One run of the benchmark: the embedded stack, the committed model registered and promoted, the model alone timed,
 * an unrecorded warm-up round, the measured rounds (every variant in turn, so drift spreads evenly), the crash run,
 * then the table, the JSON and the plots; the stack is stopped whatever happens.
 */
final class BenchRun {

    static final String THROUGHPUT_PNG = "throughput.png";
    static final String LATENCY_PNG = "latency.png";
    static final String TABLE_FILE = "results.md";
    private static final int FEATURE_ROWS = 10_000;
    // tries of a round whose window comes out short: each sized by the fastest rate seen so far
    private static final int TRIES = 3;

    private final BenchOptions options;
    private final List<String> args;
    private final PrintStream out;

    /** @param args the command's arguments as given, recorded with the results */
    BenchRun(BenchOptions options, List<String> args, PrintStream out) {
        this.options = options;
        this.args = List.copyOf(args);
        this.out = out;
    }

    BenchResults run() throws InterruptedException {
        if (!Files.isDirectory(options.modelDir())) {
            throw new BenchFailedException("no committed model at " + options.modelDir()
                    + "; run from the checkout or give --root");
        }
        String startedAt = Instant.now().toString();
        out.printf(Locale.ROOT, "fleet inference benchmark: %d round%s of %s; throughput windows of %s at the least "
                        + "(%,d events pre-loaded at the least), %d devices, %d partitions; latency at %,.0f events/s "
                        + "for %s after %s; exactly_once_v2%n",
                options.rounds(), options.rounds() == 1 ? "" : "s",
                options.runs().stream().map(VariantRun::label).collect(Collectors.joining(", ")),
                seconds(options.window()), options.events(),
                options.devices(), options.partitions(), options.rate(), seconds(options.latencyDuration()),
                seconds(options.latencyWarmUp()));
        if (options.crashRun()) {
            out.printf(Locale.ROOT, "  then the crash run: %,d events, %d SIGKILL%s of the batched stream app in a "
                    + "child JVM%n", options.crashEvents(), options.crashKills(), options.crashKills() == 1 ? "" : "s");
        }
        out.println("  output: " + options.out());
        StackStart.noteBusyMachine(out, "the figures will be lower and noisier");
        Path work = createWorkDir("fleet-bench-");
        try {
            try (BenchStacks stacks = BenchStacks.start(work, options, out)) {
                LocalStack stack = stacks.main();
                BenchCluster cluster = stacks.cluster();
                ModelVersion model = register(stack, options.modelDir());
                stacks.all().stream().skip(1).forEach(other -> register(other, options.modelDir()));
                out.printf(Locale.ROOT, "Registered %s v%d from %s%n", model.getName(), model.getVersion(),
                        options.root().relativize(options.modelDir()));
                BenchFleet fleet = new BenchFleet(options.devices());
                List<BenchCluster> clusters = stacks.clusters();
                PreloadedEvents preloaded = new PreloadedEvents(fleet,
                        PipelineRound.LEAD_PER_DEVICE * options.devices() + options.events(), clusters);
                Map<BenchCluster, PipelineRound> pipelines = new IdentityHashMap<>();
                clusters.forEach(each -> pipelines.put(each, new PipelineRound(options, each, preloaded, fleet)));
                List<PredictorResult> predictor = timeModel(stack, model, preloaded);
                List<RoundResult> rounds = runRounds(variant -> pipelines.get(stacks.clusterOf(variant)));
                CrashResult crash = null;
                if (options.crashRun()) {
                    try {
                        crash = new CrashRun(options, cluster, fleet, out).run(work);
                    } catch (BenchFailedException e) {
                        // the rounds' figures are worth keeping: written without the crash run, then the failure
                        report(startedAt, predictor, rounds, null);
                        throw e;
                    }
                }
                return report(startedAt, predictor, rounds, crash);
            }
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
    }

    /** Registers the committed model at {@code modelDir} as the benchmark's model and promotes it to PRODUCTION. */
    static ModelVersion register(LocalStack stack, Path modelDir) {
        ModelRegistryClient client = new ModelRegistryClient(ModelRegistryClientConfig.of(stack.modelRegistryUrl())
                .withToken(stack.modelRegistryToken()));
        ModelVersion version = client.register(PipelineRound.MODEL_NAME, modelDir);
        return client.setStage(PipelineRound.MODEL_NAME, version.getVersion(), ModelStage.PRODUCTION);
    }

    /** The model alone, loaded from the registry as the stream app loads it, at batch 1 and at the batch size. */
    private List<PredictorResult> timeModel(LocalStack stack, ModelVersion version, PreloadedEvents preloaded) {
        out.println("Timing the model alone (DJL predictor, one thread) ...");
        // the same TensorFlow settings as the stream app's (one intra-op and one inter-op thread)
        TensorFlowRuntime.configure(new TensorFlowSettings(options.cacheDir(), 1, 1));
        ModelRegistryClientConfig registry = ModelRegistryClientConfig.of(stack.modelRegistryUrl());
        ModelLoader loader = new ModelLoader(new ModelRegistryClient(stack.modelRegistryReadToken()
                .map(registry::withToken).orElse(registry)), options.cacheDir().resolve("models"),
                ArtifactLimits.defaults());
        List<PredictorResult> results = new ArrayList<>();
        try (LoadedModel model = loader.load(version)) {
            List<FeatureEvent> events = preloaded.events(FEATURE_ROWS);
            float[][] rows = events.stream().map(e -> FeatureRow.of(e, model.spec())).toArray(float[][]::new);
            PredictorBench bench = new PredictorBench(model, rows);
            for (int round = 1; round <= options.rounds(); round++) {
                for (int batch : List.of(1, options.batches().size())) {
                    PredictorResult result = bench.run(round, batch, options.predictorDuration());
                    results.add(result);
                    out.printf(Locale.ROOT, "  round %d  batch %-5d %,13.0f rows/s   p50 %,.0f us per call%n", round,
                            batch, result.rowsPerSecond(), result.callP50Micros());
                }
            }
        }
        return results;
    }

    private List<RoundResult> runRounds(Function<Variant, PipelineRound> pipelines) throws InterruptedException {
        List<VariantRun> runs = options.runs();
        List<RoundResult> results = new ArrayList<>();
        RoundSizing sizing = new RoundSizing(options.events(), options.window());
        if (options.warmUpRound()) {
            RoundPlan plan = RoundPlan.warmUp(options);
            out.printf(Locale.ROOT, "Warm-up round (not recorded; it sizes the rounds): every variant once, %,d "
                    + "events%n", plan.events());
            for (VariantRun run : runs) {
                RoundResult result = report(pipelines.apply(run.variant()).run(run, plan));
                sizing.measured(result);
                results.add(result);
            }
        }
        for (int round = 1; round <= options.rounds(); round++) {
            List<VariantRun> order = RoundPlan.order(runs, round);
            out.printf(Locale.ROOT, "Round %d of %d%n", round, options.rounds());
            for (VariantRun run : order) {
                results.add(measure(pipelines.apply(run.variant()), run, round, sizing));
            }
        }
        return results;
    }

    /**
     * One measured round of {@code run}, sized for the window; a round whose window is still too short is run
     * again with the events its rate needs, up to {@link #TRIES} times, then fails the run: a short window is no
     * figure.
     */
    private RoundResult measure(PipelineRound pipeline, VariantRun run, int round, RoundSizing sizing)
            throws InterruptedException {
        RoundResult result = null;
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            if (result != null) {
                out.printf(Locale.ROOT, "  %s: a window of %.1f s is shorter than --window %s: again with %,d "
                                + "events%n", run.label(), result.throughput().windowSeconds(),
                        seconds(options.window()), sizing.events(run.label()));
            }
            result = report(pipeline.run(run, RoundPlan.measured(round, sizing.events(run.label()), options)));
            sizing.measured(result);
            if (sizing.longEnough(result)) {
                return result;
            }
        }
        throw new BenchFailedException(String.format(Locale.ROOT, "%s round %d: the throughput window was shorter "
                        + "than --window %s %d times (%.1f s the last); raise --events or lower --window",
                run.label(), round, seconds(options.window()), TRIES, result.throughput().windowSeconds()));
    }

    private RoundResult report(RoundResult result) {
        out.printf(Locale.ROOT, "  %-17s %,9.0f events/s over %.1f s%s (start-up %,.0f ms)   p50 %7.1f ms   "
                        + "p99 %7.1f ms   load %.1f%s%n", result.variant(), result.throughput().eventsPerSecond(),
                result.throughput().windowSeconds(), "", result.throughput().startupMillis(),
                result.latency().p50Ms(), result.latency().p99Ms(), result.loadAverage(), result.exactlyOnce() ? ""
                        : "   " + result.events() + "!");
        return result;
    }

    private BenchResults report(String startedAt, List<PredictorResult> predictor, List<RoundResult> rounds,
                                CrashResult crash) {
        Map<String, String> descriptions = new LinkedHashMap<>();
        options.runs().forEach(run -> descriptions.put(run.label(), run.variant().describe(options.batches())
                + (options.commitIntervals().isEmpty() ? "" : ", commit " + run.commitInterval().toMillis() + " ms")));
        BenchSummary summary = BenchSummary.of(rounds, predictor, descriptions);
        BenchResults results = new BenchResults(startedAt, settings(), machine(), predictor, rounds, summary, crash);
        out.println();
        out.printf(Locale.ROOT, "Results: medians of %d round%s (exactly_once_v2, commit interval %s, %d stream "
                        + "thread%s%s)%n", options.rounds(), options.rounds() == 1 ? "" : "s", commitIntervals(),
                options.streamThreads(), options.streamThreads() == 1 ? "" : "s",
                options.kafka().isEmpty() ? "" : ", " + options.kafka());
        out.println("Ratios: each taken within a round, then the median of the rounds'");
        out.print(ReportTable.text(summary, judged()));
        if (crash != null) {
            out.println();
            out.printf(Locale.ROOT, "Crash run: the batched stream app in a child JVM, SIGKILLed mid-stream and "
                    + "restarted with the same instance id and state (exactly_once_v2)%n");
            out.print(ReportTable.crashText(crash));
        }
        Path json = results.writeJson(options.out());
        String subtitle = subtitle();
        Charts.throughput(options.out().resolve(THROUGHPUT_PNG), summary, rounds, subtitle);
        Charts.latency(options.out().resolve(LATENCY_PNG), summary, mergedRoundTrips(rounds), subtitle);
        writeTable(summary, crash);
        out.println();
        out.println("Written: " + json + ", " + THROUGHPUT_PNG + ", " + LATENCY_PNG + ", " + TABLE_FILE);
        return results;
    }

    private Map<String, Histogram> mergedRoundTrips(List<RoundResult> rounds) {
        Map<String, Histogram> merged = new LinkedHashMap<>();
        for (RoundResult round : rounds) {
            if (round.round() > 0) {
                merged.computeIfAbsent(round.variant(), v -> new Histogram(3)).add(round.roundTrips());
            }
        }
        return merged;
    }

    private void writeTable(BenchSummary summary, CrashResult crash) {
        Path file = options.out().resolve(TABLE_FILE);
        try {
            Files.writeString(file, "Command: ./fleet bench " + String.join(" ", args) + "\n\n"
                    + ReportTable.markdown(summary, judged()) + (crash == null ? "" : "\n" + ReportTable.crashMarkdown(crash)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    // a sweep's variants differ from the targets' (batched@20ms is not batched): no verdicts then, nor in a smoke run
    private boolean judged() {
        return !options.quick() && options.commitIntervals().isEmpty();
    }

    private String commitIntervals() {
        List<Duration> intervals = options.commitIntervals().isEmpty() ? List.of(options.commitInterval())
                : options.commitIntervals();
        return intervals.stream().map(i -> i.toMillis() + " ms").collect(Collectors.joining(", "));
    }

    private String subtitle() {
        return String.format(Locale.ROOT, "%d round%s; windows of %s or more; latency at %,.0f events/s; %d devices, "
                        + "%d partitions; commit %s; %d cores for broker, app and load",
                options.rounds(), options.rounds() == 1 ? "" : "s", seconds(options.window()), options.rate(),
                options.devices(), options.partitions(), commitIntervals(),
                Runtime.getRuntime().availableProcessors());
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rounds", Integer.toString(options.rounds()));
        settings.put("events", Integer.toString(options.events()));
        settings.put("window", options.window().toString());
        settings.put("devices", Integer.toString(options.devices()));
        settings.put("partitions", Integer.toString(options.partitions()));
        settings.put("rate", Double.toString(options.rate()));
        settings.put("latencyWarmUp", options.latencyWarmUp().toString());
        settings.put("latencyDuration", options.latencyDuration().toString());
        settings.put("batchSize", Integer.toString(options.batches().size()));
        settings.put("batchMaxWait", options.batches().maxWait().toString());
        settings.put("commitInterval", options.commitInterval().toString());
        settings.put("commitIntervals", options.commitIntervals().stream().map(Duration::toString)
                .collect(Collectors.joining(",")));
        settings.put("streamThreads", Integer.toString(options.streamThreads()));
        settings.put("processingGuarantee", "exactly_once_v2");
        settings.put("predictorDuration", options.predictorDuration().toString());
        settings.put("warmUpRound", Boolean.toString(options.warmUpRound()));
        settings.put("variants", options.variants().stream().map(Variant::label).collect(Collectors.joining(",")));
        settings.put("crashEvents", Integer.toString(options.crashEvents()));
        settings.put("crashKills", Integer.toString(options.crashKills()));
        settings.put("kafka", options.kafka().toString());
        settings.put("commandLine", String.join(" ", args));
        return settings;
    }

    private static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        return machine;
    }

    /** {@code 30 s}, or {@code 500 ms} when it is not a whole number of seconds. */
    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** A fresh temporary directory for a run's stack and state, named {@code <prefix>...}. */
    static Path createWorkDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for the benchmark", e);
        }
    }
}
