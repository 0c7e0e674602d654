package dev.fleetinference.demo;

import dev.fleetinference.devices.registry.PipelineAccess;
import dev.fleetinference.devices.registry.Registration;
import dev.fleetinference.localstack.SchemaRegistryCredentials;
import dev.fleetinference.localstack.kafka.Security;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.devices.registry.DeviceRegistry;
import dev.fleetinference.devices.registry.RegistryConfig;
import dev.fleetinference.devices.signing.SigningKey;
import dev.fleetinference.simulator.telemetry.FleetTelemetry;
import java.time.Clock;
import java.util.HashMap;
import java.util.stream.IntStream;
import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.simulator.fleet.FleetSimulation;
import dev.fleetinference.simulator.fleet.FleetSimulationConfig;
import dev.fleetinference.simulator.fleet.SendLimit;
import dev.fleetinference.simulator.fleet.SimulationProgress;
import dev.fleetinference.simulator.fleet.SimulationReport;
import dev.fleetinference.simulator.fleet.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * One run of the demo: the stack, the models, the stream app in a child JVM (or several instances of it), a warm-up
 * run of the simulated fleet, then the measured run with poison records and a model swap halfway (with several
 * instances, then the SIGKILL of one), the dead letters, the summary; then everything stopped, also when interrupted.
 */
final class DemoRun {

    static final String DEAD_LETTER_TOPIC = Topics.DEFAULT.events() + ".dlq";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    private static final Duration DEAD_LETTER_WAIT = Duration.ofSeconds(15);
    private static final String APPLICATION_ID = "fleet-scoring";
    // the stream app's --events-partitions default: with more instances than that, the topic gets one each
    private static final int STREAM_APP_EVENTS_PARTITIONS = 4;
    // the simulator's default grace is 10 s; a SIGKILLed instance's partitions wait its 6 s session and a rebalance
    // before anything on them is scored, longer on a loaded machine
    private static final Duration FAILOVER_GRACE = Duration.ofSeconds(30);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(60);
    /** The pipeline's own principal on a secured stack. */
    static final String PIPELINE_PRINCIPAL = "fleet-pipeline";
    static final String WARM_UP_LABEL = "warm-up";

    private final DemoOptions options;
    private final PrintStream out;
    private final boolean terminal;
    private final Object lifecycle = new Object();
    private volatile boolean interrupted;
    private volatile FleetSimulation simulation;
    private volatile DemoConsole console;
    private AvroDeserializer<Prediction> predictions;
    private Path workDir;
    private LocalStack stack;
    private StreamAppInstances streamApps;
    private boolean stopped;

    DemoRun(DemoOptions options, PrintStream out, boolean terminal) {
        this.options = options;
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Runs the demo and stops what it started.
     *
     * @return whether every event got exactly one prediction
     * @throws DemoFailedException if a step could not run
     */
    boolean run() throws InterruptedException {
        // what a checkout must hold is checked before anything starts
        StreamAppLayout layout = StreamAppLayout.packagedIn(options.root());
        DemoModels.check(options.modelsDir());
        boolean passed = false;
        try {
            passed = runSteps(layout);
            return passed;
        } finally {
            stop(passed);
        }
    }

    /** Ctrl-C: stops sending, then the stream app and the stack; the run prints no summary. */
    void interrupt() {
        interrupted = true;
        DemoConsole shown = console;
        if (shown != null) {
            shown.close();
        }
        FleetSimulation running = simulation;
        if (running != null) {
            running.stop();
        }
        stop(false);
    }

    /** Whether {@link #interrupt()} was called: a failure after it is only the run being stopped. */
    boolean interrupted() {
        return interrupted;
    }

    private boolean runSteps(StreamAppLayout layout) throws InterruptedException {
        out.printf(Locale.ROOT, "fleet inference demo: %d devices, %s events/s for %s%s%n", options.devices(),
                number(options.eventsPerSecond()), seconds(options.duration()),
                options.warmsUp() ? ", after a " + seconds(options.warmUp()) + " warm-up" : "");
        synchronized (lifecycle) {
            if (interrupted) {
                return false;
            }
            workDir = createWorkDir();
        }
        out.println("  work directory: " + workDir);
        out.println();

        long began = System.nanoTime();
        out.print("Starting the local stack (Kafka broker, schema registry, model registry) ... ");
        out.flush();
        LocalStack started = LocalStack.start(workDir.resolve("stack"), 1, 0, 0, 0, LocalStack.DEV_REGISTRY_TOKEN,
                options.insecure() ? Security.INSECURE : Security.SECURED);
        // on Ctrl-C the broker must outlive the stream app's shutdown (its transactions end on the broker), so
        // this run's own hook stops the two in order rather than the broker's hook stopping it at once
        started.kafka().removeShutdownHook();
        synchronized (lifecycle) {
            stack = started;
            if (interrupted) {
                return false;
            }
        }
        out.println("ready in " + since(began));
        out.println("  Kafka bootstrap servers  " + stack.bootstrapServers());
        out.println("  schema registry          " + stack.schemaRegistryUrl() + stack.schemaRegistryCredentials()
                .map(c -> " (writes need user " + c.user() + ")").orElse(""));
        out.println("  model registry           " + stack.modelRegistryUrl() + (stack.modelRegistryReadToken()
                .isPresent() ? " (reads need its read token)" : ""));
        out.println("  Kafka security           " + (stack.secured() ? "SASL_SSL, SCRAM-SHA-512, ACLs (the admin's "
                + "settings: " + stack.kafka().adminPropertiesFile().orElseThrow() + ")" : "none (--insecure)"));

        out.println("Registering the committed models ...");
        DemoModels models = DemoModels.register(stack.modelRegistryUrl(), stack.modelRegistryToken(),
                options.modelsDir());
        out.println("  " + describe(models.first()) + "  from models/" + DemoModels.DIRECTORIES.get(0));
        out.println("  " + describe(models.second()) + "  from models/" + DemoModels.DIRECTORIES.get(1));

        Optional<StreamAppInstances> running = startStreamApps(layout);
        if (running.isEmpty()) {
            return false;
        }
        StreamAppInstances apps = running.get();
        if (!apps.several()) {
            out.println();
            return runFleets(models, Optional.empty());
        }
        try (ScoringGroup group = new ScoringGroup(stack.bootstrapServers(), stack.adminClientSettings(),
                APPLICATION_ID, Topics.DEFAULT.events())) {
            Set<String> ids = new HashSet<>(apps.all().stream().map(StreamAppInstances.Instance::id).toList());
            PartitionAssignment atStart = group.awaitSettledOn(ids, SETTLE_TIMEOUT);
            out.println("Partitions of " + group.topic() + " by instance (consumer group " + APPLICATION_ID + ")");
            out.print(atStart.toText("  "));
            out.println();
            return runFleets(models, Optional.of(new FailoverDrill(apps, group, atStart)));
        }
    }

    /**
     * Makes the pipeline's own principal with its least-privilege ACLs and the topics it shares, as an operator would
     * with {@code fleet devices pipeline-principal}; returns the stream app's config file with its settings, or
     * empty on an open stack.
     */
    private Optional<Path> grantPipeline() {
        PipelineAccess access = new PipelineAccess(APPLICATION_ID, Topics.DEFAULT.events(), DEAD_LETTER_TOPIC,
                Topics.DEFAULT.devices(), CatalogTopic.DEFAULT_NAME, Topics.DEFAULT.predictionsPrefix());
        try (DeviceRegistry registry = registry()) {
            Map<String, String> settings = registry.grantPipeline(PIPELINE_PRINCIPAL, access,
                    eventsPartitions(options.instances()).orElse(STREAM_APP_EVENTS_PARTITIONS));
            if (settings.isEmpty()) {
                return Optional.empty();
            }
            StringBuilder config = new StringBuilder("# the pipeline's principal (fleet devices pipeline-principal)\n");
            settings.forEach((key, value) -> config.append("kafka.").append(key).append('=')
                    .append(value.replace("\\", "\\\\")).append('\n'));
            Path file = workDir.resolve("pipeline.properties");
            Files.writeString(file, config.toString());
            out.println("  the stream app runs as User:" + PIPELINE_PRINCIPAL + ", with "
                    + access.bindings(PIPELINE_PRINCIPAL).size() + " ACLs (docs/security.md)");
            return Optional.of(file);
        } catch (IOException e) {
            throw new DemoFailedException("cannot write the stream app's config file: " + e.getMessage(), e);
        }
    }

    private DeviceRegistry registry() {
        return new DeviceRegistry(new RegistryConfig(stack.bootstrapServers(), stack.adminClientSettings(),
                Topics.DEFAULT.devices(), Topics.DEFAULT.events(), Topics.DEFAULT.predictionsPrefix(),
                PredictionTopicSpec.defaults(), REGISTRATION_TIMEOUT), Clock.systemUTC());
    }

    /** Starts the stream app's instances and waits until each is ready; empty if the run was interrupted first. */
    private Optional<StreamAppInstances> startStreamApps(StreamAppLayout layout) throws InterruptedException {
        long began = System.nanoTime();
        if (options.failsOver()) {
            out.printf(Locale.ROOT, "Starting %d stream-app instances in child JVMs, application id %s (logs: %s) "
                    + "...%n", options.instances(), APPLICATION_ID, workDir.resolve(StreamAppInstances.ID_PREFIX
                    + "<n>").resolve(StreamAppProcess.LOG_FILE));
        } else {
            out.println("Starting the stream app in a child JVM (log: " + workDir.resolve(StreamAppProcess.LOG_FILE)
                    + ") ...");
        }
        Optional<Path> pipelineConfig = grantPipeline();
        StreamAppInstances apps = StreamAppInstances.start(layout, workDir, options.instances(),
                (id, httpPort, stateDir) -> new StreamAppEnvironment(stack.bootstrapServers(),
                        stack.schemaRegistryUrl(), stack.modelRegistryUrl(), DemoModels.NAME, httpPort, stateDir,
                        APPLICATION_ID, id, eventsPartitions(options.instances()), pipelineConfig,
                        stack.modelRegistryReadToken(),
                        stack.schemaRegistryCredentials().map(SchemaRegistryCredentials::userInfo)));
        synchronized (lifecycle) {
            streamApps = apps;
            if (interrupted) {
                return Optional.empty();
            }
        }
        for (StreamAppInstances.Instance instance : apps.all()) {
            instance.process().awaitReady(READY_TIMEOUT);
            out.printf("  %sready in %s (pid %d, %s/health/ready, %s/metrics)%n",
                    apps.several() ? instance.id() + " " : "", since(began), instance.process().pid(),
                    instance.env().httpUrl(), instance.env().httpUrl());
        }
        return Optional.of(apps);
    }

    private boolean runFleets(DemoModels models, Optional<FailoverDrill> drill) throws InterruptedException {
        FleetSimulationConfig fleet = FleetSimulationConfig.of(stack.bootstrapServers(), stack.schemaRegistryUrl())
                .withDevices(options.devices())
                .withEventsPerSecond(options.eventsPerSecond())
                .withLimit(SendLimit.duration(options.duration()))
                .withProgressInterval(PROGRESS_INTERVAL)
                .withClientSettings(stack.adminClientSettings())
                .withSchemaRegistryUserInfo(stack.schemaRegistryCredentials().map(SchemaRegistryCredentials::userInfo));
        if (drill.isPresent()) {
            fleet = fleet.withGrace(FAILOVER_GRACE);
        }
        List<Registration> registrations = registerFleet();
        SigningKey fleetDeviceKey = registrations.stream()
                .filter(r -> r.device().id().equals(PoisonRecords.FLEET_DEVICE)).findFirst().orElseThrow()
                .device().signingKey().orElseThrow();
        Optional<SimulationReport> warmUp = Optional.empty();
        if (options.warmsUp()) {
            warmUp = Optional.of(warmUp(fleet));
            if (interrupted) {
                return false;
            }
            out.println();
        }
        AtomicInteger poisonSent = new AtomicInteger();
        drill.ifPresent(FailoverDrill::measureFromNow);
        SimulationReport report = runFleet(fleet, models, poisonSent, drill, fleetDeviceKey);
        if (interrupted) {
            return false;
        }
        out.println();
        out.printf(Locale.ROOT, "Each of the %d devices, with its own credentials, tries to read the next one's "
                + "topic and to publish as it ...%n", options.devices());
        IsolationCheck isolation = isolationCheck();
        IsolationCheck.Tries tries = isolation.run(registrations, stack.secured());
        out.println("Counting the dead letters in " + DEAD_LETTER_TOPIC + " ...");
        DeadLetterCount deadLetters = awaitDeadLetters(poisonSent.get() + tries.impersonations().size());
        IsolationCheck.Outcome isolated = isolation.outcome(tries, DEAD_LETTER_TOPIC, stack.adminClientSettings(),
                DEAD_LETTER_WAIT, this::predictionEventId);
        out.println();
        DemoSummary summary = new DemoSummary(report, warmUp, poisonSent.get(), DEAD_LETTER_TOPIC, deadLetters,
                drill.map(d -> d.summary(APPLICATION_ID)), Optional.of(isolated));
        out.print(summary.toText());
        out.flush();
        return summary.passed();
    }

    /**
     * The same fleet (same seed, so the same devices) for the warm-up's time, before the measured run: the three JVMs
     * compile their hot paths, the stream app commits its first transactions and creates the devices' predictions
     * topics. Its figures are printed as the cold start's; its events count in the exactly-once verdict. Its event
     * ids are random UUIDs, as the measured run's are, so no prediction of one run is matched to the other's events.
     */
    private SimulationReport warmUp(FleetSimulationConfig measured) throws InterruptedException {
        FleetSimulationConfig config = measured.withLimit(SendLimit.duration(options.warmUp()));
        DemoConsole console = new DemoConsole(out, terminal, WARM_UP_LABEL);
        this.console = console;
        FleetSimulation fleet = new FleetSimulation(config, console);
        out.printf(Locale.ROOT, "Warming up: the same fleet for %s, not measured (the JVMs compile, the first "
                + "transactions commit, the producer learns the devices' topics)%n", seconds(options.warmUp()));
        SimulationReport report = runSimulation(fleet);
        console.announce("  cold start: " + DemoSummary.coldStart(report));
        return report;
    }

    /**
     * Registers the fleet's devices before they send, as an operator would with {@code fleet devices add}: the
     * pipeline scores only registered devices' signed events. Returns each device's signing key.
     */
    private List<Registration> registerFleet() {
        long began = System.nanoTime();
        List<String> ids = IntStream.rangeClosed(1, options.devices()).mapToObj(FleetTelemetry::deviceId).toList();
        out.printf(Locale.ROOT, "Registering %d devices in the device registry (topic %s) ...%n", ids.size(),
                Topics.DEFAULT.devices());
        try (DeviceRegistry registry = registry()) {
            List<Registration> registrations = registry.register(ids, Optional.of("demo"));
            out.printf(Locale.ROOT, "  registered in %s: each device its predictions topic and a signing key for its "
                    + "events%s%n", since(began), registry.secured() ? ", a SCRAM credential and LITERAL ACLs"
                    : " (this stack has no authorizer: no credentials or ACLs)");
            out.println();
            return registrations;
        }
    }

    private SimulationReport runFleet(FleetSimulationConfig config, DemoModels models, AtomicInteger poisonSent,
                                      Optional<FailoverDrill> drill, SigningKey fleetDeviceKey)
            throws InterruptedException {
        DemoConsole console = new DemoConsole(out, terminal);
        this.console = console;
        String topic = config.topics().events();
        List<PoisonRecords.Poison> poison = PoisonRecords.build(schemaRegistry(), topic, fleetDeviceKey);
        try (RunMilestones milestones = new RunMilestones(options.expectedEvents(),
                progress -> poisonSent.set(sendPoison(console, topic, poison, progress)),
                progress -> {
                    promoteSecond(console, models, progress);
                    drill.ifPresent(d -> failOver(d, console, models, progress));
                })) {
            FleetSimulation fleet = new FleetSimulation(config, progress -> {
                console.accept(progress);
                milestones.accept(progress);
            });
            out.printf(Locale.ROOT, "Running the fleet%s: %d devices at %s events/s for %s, to %s; anomaly v%d is "
                            + "promoted halfway%s%n", options.warmsUp() ? ", measured" : "", options.devices(),
                    number(options.eventsPerSecond()), seconds(options.duration()), topic,
                    models.second().getVersion(), drill.isPresent() ? ", then one instance is SIGKILLed" : "");
            SimulationReport report = runSimulation(fleet);
            milestones.finish(30);
            return report;
        }
    }

    private SimulationReport runSimulation(FleetSimulation fleet) throws InterruptedException {
        simulation = fleet;
        // an interrupt() before the assignment stopped no simulation, or the previous one: stop this one here
        if (interrupted) {
            fleet.stop();
        }
        return fleet.run();
    }

    /** Returns how many were sent: all or, if Kafka refused, none. */
    private int sendPoison(DemoConsole console, String topic, List<PoisonRecords.Poison> poison,
                           SimulationProgress progress) {
        try {
            PoisonRecords.send(stack.bootstrapServers(), stack.adminClientSettings(), topic, poison);
            console.announce(String.format(Locale.ROOT, "%7.1f s  sent %d poison records to %s: %s",
                    progress.elapsed().toMillis() / 1000.0, poison.size(), topic,
                    poison.stream().map(PoisonRecords.Poison::description).collect(Collectors.joining(", "))));
            return poison.size();
        } catch (RuntimeException e) {
            console.announce("  could not send the poison records: " + e.getMessage());
            return 0;
        }
    }

    private void promoteSecond(DemoConsole console, DemoModels models, SimulationProgress progress) {
        try {
            ModelVersion promoted = models.promoteSecond();
            console.announce(String.format(Locale.ROOT, "%7.1f s  promoted %s v%d to %s (v%d archived) after %,d "
                            + "events: the stream app swaps models without a restart",
                    progress.elapsed().toMillis() / 1000.0, promoted.getName(), promoted.getVersion(),
                    promoted.getStage(), models.first().getVersion(), progress.sent()));
        } catch (RuntimeException e) {
            console.announce("  could not promote " + DemoModels.NAME + " v" + models.second().getVersion() + ": "
                    + e.getMessage());
        }
    }

    private void failOver(FailoverDrill drill, DemoConsole console, DemoModels models, SimulationProgress progress) {
        long runOrigin = System.nanoTime() - progress.elapsed().toNanos();
        try {
            drill.run(console, runOrigin, DemoModels.NAME, models.second().getVersion());
        } catch (RuntimeException e) {
            console.announce("  could not SIGKILL an instance and watch the others take over: " + e.getMessage());
        } catch (InterruptedException e) {
            // the run is being stopped
            Thread.currentThread().interrupt();
        }
    }

    // the dead letters are written in the stream app's transactions, committed long before the fleet's grace
    // period ends; the wait only covers a slow machine
    private DeadLetterCount awaitDeadLetters(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + DEAD_LETTER_WAIT.toNanos();
        while (true) {
            DeadLetterCount count = DeadLetterCount.read(stack.bootstrapServers(), stack.adminClientSettings(),
                    DEAD_LETTER_TOPIC, DEAD_LETTER_WAIT);
            if (count.total() >= expected || System.nanoTime() > deadline || interrupted) {
                return count;
            }
            Thread.sleep(500);
        }
    }

    /** Stops the stream app, then the stack; keeps the work directory if the run failed, else only the app's log. */
    private void stop(boolean passed) {
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (streamApps == null && stack == null && workDir == null) {
                return;
            }
            boolean several = options.failsOver();
            out.println();
            out.print((interrupted ? "Interrupted: stopping" : "Stopping") + " the stream app"
                    + (several ? "'s instances" : "") + " and the local stack ... ");
            out.flush();
            long began = System.nanoTime();
            try {
                List<String> killed = streamApps == null ? List.of() : streamApps.stop();
                if (!killed.isEmpty()) {
                    out.print("(" + (several ? String.join(", ", killed) : "the stream app") + " did not stop within "
                            + StreamAppProcess.STOP_TIMEOUT.toSeconds() + " s and " + (killed.size() == 1 ? "was"
                            : "were") + " killed) ");
                }
            } finally {
                if (stack != null) {
                    stack.close();
                }
            }
            out.println("done in " + since(began));
            if (workDir != null) {
                if (passed || interrupted) {
                    List<Path> logs = streamApps == null ? List.of(workDir.resolve(StreamAppProcess.LOG_FILE))
                            : streamApps.logFiles();
                    deleteAllBut(workDir, logs);
                    out.println(several ? "The stream app's instances' logs are kept at " + logs.stream()
                            .map(Path::toString).collect(Collectors.joining(", "))
                            : "The stream app's log is kept at " + logs.get(0));
                } else {
                    out.println("Everything the run wrote is kept in " + workDir + " (the broker's log is "
                            + workDir.resolve("stack/kafka/broker.log") + ")");
                }
            }
            out.flush();
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("fleet-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for the demo", e);
        }
    }

    // deletes what is under root but the files in keep (and the directories they are in)
    private static void deleteAllBut(Path root, List<Path> keep) {
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(p -> !keep.contains(p)).forEach(p -> {
                if (keep.stream().anyMatch(k -> k.startsWith(p))) {
                    deleteAllBut(p, keep);
                } else {
                    FileUtils.deleteQuietly(p.toFile());
                }
            });
        } catch (IOException e) {
            // what is left is in a temporary directory and stops nothing
        }
    }

    private IsolationCheck isolationCheck() {
        var serializer = new AvroSerializer<FeatureEvent>(new SchemaRegistryClient(schemaRegistry()),
                AvroSerdeConfig.forValues());
        return new IsolationCheck(stack.bootstrapServers(), Topics.DEFAULT.events(),
                Topics.DEFAULT.predictionsPrefix(), event -> serializer.serialize(Topics.DEFAULT.events(), event));
    }

    private UUID predictionEventId(byte[] value) {
        if (predictions == null) {
            predictions = AvroDeserializer.forSpecific(new SchemaRegistryClient(schemaRegistry()), Prediction.class,
                    AvroSerdeConfig.forValues());
        }
        return predictions.deserialize(Topics.DEFAULT.predictionsPrefix(), value).getEventId();
    }

    /** The stack's schema registry, with its user's credentials on a secured stack (registering is a write). */
    private SchemaRegistryClientConfig schemaRegistry() {
        SchemaRegistryClientConfig anonymous = SchemaRegistryClientConfig.of(stack.schemaRegistryUrl());
        return stack.schemaRegistryCredentials().map(c -> anonymous.withBasicAuth(c.userInfo())).orElse(anonymous);
    }

    private static OptionalInt eventsPartitions(int instances) {
        return instances > STREAM_APP_EVENTS_PARTITIONS ? OptionalInt.of(instances) : OptionalInt.empty();
    }

    private static String describe(ModelVersion version) {
        return String.format(Locale.ROOT, "%s v%d  sha256 %s...  stage %s", version.getName(), version.getVersion(),
                version.getDigest().substring(0, 12), version.getStage());
    }

    private static String since(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - nanos) / 1e9);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
