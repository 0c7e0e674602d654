package dev.fleetinference.benchmark;

import dev.fleetinference.devices.registry.DeviceAccess;
import dev.fleetinference.localstack.kafka.KafkaCluster;
import dev.fleetinference.localstack.kafka.KafkaClusterConfig;
import dev.fleetinference.localstack.kafka.Security;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The ACL-scale run: one secured embedded Kafka node, the devices registered step by step, and at each step the
 * pass-through pipeline and the probe's round trip measured with every device's ACLs in place and with none, the
 * order alternating from round to round and step to step so that drift does not favour one state.
 */
final class AclScaleRun {

    static final String REGISTRY_TOPIC = "_devices";
    static final String EVENTS_TOPIC = "device-events";
    static final String PREDICTIONS_PREFIX = "predictions.";
    static final String APPLICATION_PREFIX = "acl-pipeline";

    private final AclScaleOptions options;
    private final PrintStream out;

    AclScaleRun(AclScaleOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs it all, prints the table, writes the files; the cluster is stopped and its directory deleted after. */
    AclScaleResults run() throws InterruptedException {
        Path dataDir = createDataDir();
        try (KafkaCluster cluster = KafkaCluster.start(KafkaClusterConfig.inDirectory(dataDir, 1)
                .withSecurity(Security.SECURED))) {
            out.printf(Locale.ROOT, "started a secured Kafka node on %s (pid %d)%n", cluster.bootstrapServers(),
                    cluster.brokers().get(0).pid());
            return measure(cluster);
        } finally {
            FileUtils.deleteQuietly(dataDir.toFile());
        }
    }

    private AclScaleResults measure(KafkaCluster cluster) throws InterruptedException {
        String bootstrap = cluster.bootstrapServers();
        Map<String, String> adminSettings = cluster.adminClientSettings();
        Map<String, Object> adminConfig = new HashMap<>(adminSettings);
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // tens of thousands of ACLs in one request take the controller a while
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 240_000);
        try (Admin admin = Admin.create(adminConfig);
             FleetRegistrar registrar = new FleetRegistrar(bootstrap, adminSettings, REGISTRY_TOPIC, EVENTS_TOPIC,
                     PREDICTIONS_PREFIX, options.batch())) {
            createEventsTopic(admin);
            PipelinePrincipal principal = PipelinePrincipal.create(APPLICATION_PREFIX, EVENTS_TOPIC,
                    PREDICTIONS_PREFIX);
            Map<String, String> principalSettings = cluster.clientSettings(principal.user(), principal.password());
            principal.install(admin, bootstrap, principalSettings);

            List<RegistrationTimes> registrations = new ArrayList<>();
            registrations.add(register(registrar, options.baseDevices(), 0));
            List<String> workload = IntStream.rangeClosed(1, options.workloadDevices())
                    .mapToObj(FleetRegistrar::deviceId).toList();
            boundWorkloadTopics(admin, workload);
            String probeId = FleetRegistrar.deviceId(0);
            Map<String, String> probeSettings = registrar.settingsOf(probeId);
            PipelinePrincipal.awaitLogin(bootstrap, withoutFleetKeys(probeSettings), probeId);
            PipelineMeasurement measurement = new PipelineMeasurement(options, bootstrap, adminSettings, admin,
                    principal, principalSettings, workload, new ProbeRoundTrip(bootstrap, probeSettings, probeId,
                    EVENTS_TOPIC, PREDICTIONS_PREFIX + probeId), new ProbeRequests(bootstrap,
                    withoutFleetKeys(probeSettings), probeId, EVENTS_TOPIC),
                    new BrokerCpu(cluster.brokers().get(0).pid()));
            DeviceAclSwitch acls = new DeviceAclSwitch(admin, new DeviceAccess(EVENTS_TOPIC, PREDICTIONS_PREFIX),
                    probeId);
            // the probe's own and the devices' shared WRITE on the events topic
            int ownAcls = principal.bindings().size() + new DeviceAccess(EVENTS_TOPIC, PREDICTIONS_PREFIX)
                    .bindings(List.of(probeId)).size();

            List<AclMeasurement> measurements = new ArrayList<>();
            if (!options.quick()) {
                // unrecorded: the JVMs compile, and the later backlogs are sized from its rate
                measurements.add(measureOnce(measurement, "warm-up", options.baseDevices(), AclMeasurement.IN_PLACE,
                        0, acls.count()));
            }
            List<Integer> steps = new ArrayList<>(List.of(options.baseDevices()));
            steps.addAll(options.steps());
            List<AclStepSummary> summaries = new ArrayList<>();
            double baseNone = Double.NaN;
            for (int s = 0; s < steps.size(); s++) {
                int devices = steps.get(s);
                if (s > 0) {
                    registrations.add(register(registrar, devices, options.singles()));
                }
                List<String> registered = registrar.registered();
                // ACLs reach the broker a moment after the registry's call returns
                int inPlaceAcls = principal.bindings().size() + new DeviceAccess(EVENTS_TOPIC, PREDICTIONS_PREFIX)
                        .bindings(registered).size();
                acls.awaitCount(inPlaceAcls);
                List<AclMeasurement> stepMeasurements = new ArrayList<>();
                for (int round = 1; round <= options.rounds(); round++) {
                    boolean noneFirst = (s + round) % 2 == 1;
                    for (String state : noneFirst ? List.of(AclMeasurement.NONE, AclMeasurement.IN_PLACE)
                            : List.of(AclMeasurement.IN_PLACE, AclMeasurement.NONE)) {
                        int expected = state.equals(AclMeasurement.NONE) ? ownAcls : inPlaceAcls;
                        if (state.equals(AclMeasurement.NONE)) {
                            acls.remove(principal.bindings(), expected);
                        } else {
                            acls.restore(registered, expected);
                        }
                        stepMeasurements.add(measureOnce(measurement, String.format(Locale.ROOT, "d%d-r%d-%s",
                                devices, round, state), devices, state, round, expected));
                    }
                }
                // the next step's registrations add to the ACLs of every device registered so far
                acls.restore(registered, inPlaceAcls);
                measurements.addAll(stepMeasurements);
                AclStepSummary summary = AclStepSummary.of(registrations.get(s), stepMeasurements,
                        s == 0 ? Double.NaN : baseNone);
                if (s == 0) {
                    baseNone = summary.nonePerSecond();
                    summary = AclStepSummary.of(registrations.get(s), stepMeasurements, baseNone);
                }
                summaries.add(summary);
            }
            AclScaleResults results = new AclScaleResults(Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), registrations,
                    measurements, summaries);
            report(results);
            return results;
        }
    }

    private RegistrationTimes register(FleetRegistrar registrar, int devices, int singles) {
        RegistrationTimes times = registrar.registerUpTo(devices, singles);
        out.printf(Locale.ROOT, "registered devices %,d to %,d: %.2f ms per device in %d batch(es)%s%n",
                times.fromDevices() + 1, times.toDevices(), times.batchMillisPerDevice(), times.batches().size(),
                times.singleMillis().isEmpty() ? "" : String.format(Locale.ROOT, ", %d alone: median %.0f ms",
                        times.singleMillis().size(), times.singleMedianMillis()));
        return times;
    }

    private AclMeasurement measureOnce(PipelineMeasurement measurement, String label, int devices, String state,
                                       int round, int aclBindings) throws InterruptedException {
        PipelineMeasurement.Result result = measurement.run(label);
        AclMeasurement figures = new AclMeasurement(devices, state, round, aclBindings, result.backlog(),
                result.eventsPerSecond(), result.windowSeconds(), result.backlogRanOut(),
                result.brokerCpuUsPerEvent(), result.brokerCpuShare(), result.roundTrip(), result.requests(),
                result.brokerCpuUsPerRequest());
        out.printf(Locale.ROOT, "%-22s %,7d ACLs: %,8.0f events/s over %.1f s%s, broker %.1f us CPU/event (%.2f "
                        + "cores), round trip p50 %.0f ms p99 %.0f ms (%d of %d), device requests %,.0f/s p50 %.1f ms, "
                        + "broker %.0f us CPU/request%n", label, aclBindings,
                figures.eventsPerSecond(), figures.windowSeconds(), figures.backlogRanOut() ? " (backlog ran out)" : "",
                figures.brokerCpuUsPerEvent(), figures.brokerCpuShare(), figures.roundTrip().p50Ms(),
                figures.roundTrip().p99Ms(), figures.roundTrip().answered(), figures.roundTrip().sent(),
                figures.requests().perSecond(), figures.requests().p50Ms(), figures.brokerCpuUsPerRequest());
        return figures;
    }

    private void report(AclScaleResults results) {
        AclScaleTable table = new AclScaleTable(results.steps());
        out.println();
        out.print(table.text());
        out.printf(Locale.ROOT, "(%d processors, load average %.1f at the end)%n", results.availableProcessors(),
                results.loadAverageAtEnd());
        results.write(options.out().resolve("results.json"));
        try {
            Files.writeString(options.out().resolve("results.md"), table.markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results.md in " + options.out(), e);
        }
        out.println("results: " + options.out().resolve("results.json"));
    }

    private void createEventsTopic(Admin admin) {
        try {
            admin.createTopics(List.of(new NewTopic(EVENTS_TOPIC, Optional.of(options.partitions()),
                    Optional.empty()))).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailedException("cannot create " + EVENTS_TOPIC + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailedException("interrupted while creating " + EVENTS_TOPIC, e);
        }
    }

    /**
     * Keeps the workload's predictions topics small: every measurement writes millions of predictions there, tens of
     * gigabytes over a run on a disk others share. The benchmark's tweak only: a device's topic keeps seven days.
     */
    private static void boundWorkloadTopics(Admin admin, List<String> workload) {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (String id : workload) {
            changes.put(new ConfigResource(ConfigResource.Type.TOPIC, PREDICTIONS_PREFIX + id), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_BYTES_CONFIG,
                            Integer.toString(16 << 20)), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_BYTES_CONFIG,
                            Integer.toString(32 << 20)), AlterConfigOp.OpType.SET)));
        }
        try {
            admin.incrementalAlterConfigs(changes).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailedException("cannot bound the workload's predictions topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailedException("interrupted while bounding the workload's predictions topics", e);
        }
    }

    private static Map<String, String> withoutFleetKeys(Map<String, String> settings) {
        Map<String, String> kafka = new HashMap<>(settings);
        kafka.keySet().removeIf(key -> key.startsWith("fleet.") || key.startsWith("group."));
        return kafka;
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("fleet-acl-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the Kafka node", e);
        }
    }
}
