package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.localstack.kafka.Security;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;

/**
 * One chaos run: the embedded stack, the committed models registered (the first promoted), the chosen scenarios in
 * order, each on fresh topics with fresh instances, then the table and {@code results.md}; the stack is stopped
 * whatever happens.
 */
final class ChaosRun {

    static final String TABLE_FILE = "results.md";

    private final ChaosOptions options;
    private final List<String> args;
    private final PrintStream out;

    /** @param args the command's arguments as given, recorded with the results */
    ChaosRun(ChaosOptions options, List<String> args, PrintStream out) {
        this.options = options;
        this.args = List.copyOf(args);
        this.out = out;
    }

    /** Every scenario of {@code options}, by number. */
    static Map<Integer, Scenario> scenarios(ChaosOptions options) {
        return List.of(new InstanceKills(options.kills()), new ScaleOutAndIn(), new BrokerLoss(),
                        new SchemaRegistryOutage(), new ModelRegistryOutage(), new DeletedPredictionsTopic(),
                        new PoisonFlood()).stream()
                .collect(Collectors.toMap(scenario -> scenario.about().number(), Function.identity()));
    }

    List<ScenarioResult> run() throws InterruptedException {
        for (Path model : options.modelDirs()) {
            if (!Files.isDirectory(model)) {
                throw new BenchFailedException("no committed model at " + model + "; run from the checkout or give "
                        + "--root");
            }
        }
        out.printf(Locale.ROOT, "fleet inference chaos run: scenario%s %s under %,.0f events/s from %d devices, %d "
                        + "partitions, %d stream-app instances (%s rebalance protocol), %d broker%s; exactly_once_v2%n",
                options.scenarios().size() == 1 ? "" : "s",
                options.scenarios().stream().map(String::valueOf).collect(Collectors.joining(",")),
                options.rate(), options.devices(), options.partitions(), ChaosOptions.INSTANCES,
                options.groupProtocol(), options.brokers(),
                options.brokers() == 1 ? "" : "s");
        out.println("  output: " + options.out());
        StackStart.noteBusyMachine(out, "instances start and recover slower");
        Path work = BenchRun.createWorkDir("fleet-chaos-");
        try {
            try (LocalStack stack = StackStart.embedded(work.resolve("stack"), options.brokers(),
                    options.insecure() ? Security.INSECURE : Security.SECURED, out);
                 BenchCluster cluster = new BenchCluster(stack)) {
                ModelRegistryClient models = new ModelRegistryClient(ModelRegistryClientConfig.of(
                        stack.modelRegistryUrl()).withToken(stack.modelRegistryToken()));
                List<ModelVersion> versions = register(models);
                // a single broker cannot be taken away: the broker-loss scenario says it is skipped
                Optional<Brokers> brokers = options.brokers() > 1
                        ? Optional.of(new Brokers(stack.kafka(), cluster.admin())) : Optional.empty();
                ChaosContext context = new ChaosContext(options, stack, cluster, models, versions, brokers, work, out);
                List<ScenarioResult> results = new ArrayList<>();
                Map<Integer, Scenario> scenarios = scenarios(options);
                for (int number : options.scenarios()) {
                    results.add(run(scenarios.get(number), context));
                }
                report(results);
                return results;
            }
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
    }

    private ScenarioResult run(Scenario scenario, ChaosContext context) throws InterruptedException {
        Optional<String> skipped = scenario.skipped(context);
        if (skipped.isPresent()) {
            out.printf(Locale.ROOT, "Scenario %d: %s%n  skipped: %s%n", scenario.about().number(),
                    scenario.about().title(),
                    skipped.get());
            return ScenarioResult.skipped(scenario, skipped.get());
        }
        try (ScenarioRun run = new ScenarioRun(context, scenario)) {
            return run.execute();
        }
    }

    // the committed models in order, the first promoted to production
    private List<ModelVersion> register(ModelRegistryClient models) {
        List<ModelVersion> versions = new ArrayList<>();
        for (Path dir : options.modelDirs()) {
            versions.add(models.register(PipelineRound.MODEL_NAME, dir));
        }
        ModelVersion first = models.setStage(PipelineRound.MODEL_NAME, versions.get(0).getVersion(),
                ModelStage.PRODUCTION);
        out.printf(Locale.ROOT, "Registered %s %s; v%d in production%n", PipelineRound.MODEL_NAME,
                versions.stream().map(v -> "v" + v.getVersion()).collect(Collectors.joining(" and ")),
                first.getVersion());
        return versions;
    }

    private void report(List<ScenarioResult> results) {
        out.println();
        out.println("Results (predictions read_committed from every partition of every device's topic, by event id; "
                + "recovery: each fault -> every partition committing again)");
        out.print(ChaosTable.text(results));
        Path file = options.out().resolve(TABLE_FILE);
        try {
            Files.writeString(file, "Command: ./fleet chaos " + String.join(" ", args) + "\n\n"
                    + ChaosTable.markdown(results));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        out.println();
        out.println("Written: " + file);
    }
}
