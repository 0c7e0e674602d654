package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.process.ChildJvm;
import dev.fleetinference.localstack.process.FreePort;
import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import dev.fleetinference.streamapp.StreamAppMain;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream-app instances of one run (the crash run's incarnations, a chaos scenario's instances), each in a JVM of
 * its own as in production: the stream app on this JVM's class path (which holds stream-app), configured by
 * {@code FLEET_*} variables only, logging as {@code ./fleet stream-app} does, on the run's topics and application id,
 * SIGKILLed should this JVM be stopped with Ctrl-C.
 */
final class ChildInstances implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildInstances.class);
    private static final String HEAP = "-Xmx512m";

    private final BenchCluster cluster;
    private final BenchDevices devices;
    private final PipelineTopics topics;
    private final String applicationId;
    private final Path cacheDir;
    private final Path logDir;
    private final Path workDir;
    private final Map<String, String> settings;
    private final String config;
    private final List<ChildStreamApp> started = new ArrayList<>();
    private final Map<String, Integer> incarnations = new LinkedHashMap<>();

    /**
     * {@code settings}: more {@code FLEET_*} variables for every instance (batching, say); {@code config}: lines of
     * the instances' config file (Kafka's own settings, {@code kafka.*}, which the stream app takes from the file
     * only), to which the pipeline principal's settings are added; the file goes in {@code workDir}, deleted after the
     * run, as it holds the principal's password.
     */
    ChildInstances(BenchCluster cluster, BenchDevices devices, Path cacheDir, Path logDir, Path workDir,
                   Map<String, String> settings, String config) {
        this.cluster = cluster;
        this.devices = devices;
        this.topics = devices.topics();
        this.applicationId = devices.applicationId();
        this.cacheDir = cacheDir;
        this.logDir = logDir;
        this.workDir = workDir;
        this.settings = Map.copyOf(settings);
        this.config = config;
    }

    String applicationId() {
        return applicationId;
    }

    /**
     * Starts an instance; the same {@code instanceId} and {@code stateDir} as a dead one make it that instance
     * restarted, as a pod with its volume: static membership gives it the dead one's partitions at once, and it
     * fences the dead one's transactions. Its output goes to {@code <logDir>/<logName>-<n>.log}, {@code n} counting
     * the starts under that name. The caller waits for it to be ready.
     */
    synchronized ChildStreamApp start(String instanceId, Path stateDir, String logName) {
        int incarnation = incarnations.merge(logName, 1, Integer::sum);
        Path logFile = logDir.resolve(logName + "-" + incarnation + ".log");
        ChildJvm jvm;
        try {
            jvm = ChildJvm.onThisClassPath(StreamAppMain.class.getName())
                    .withJvmOptions(List.of(HEAP, StreamAppLogConfig.jvmOption(logDir)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stream app (log " + logFile + ")", e);
        }
        ChildStreamApp app = ChildStreamApp.start(jvm, environment(instanceId, stateDir, FreePort.find()), logFile)
                .killAtExit();
        started.add(app);
        log.info("{}: {} incarnation {} is pid {}, log {}", applicationId, instanceId, incarnation, app.pid(),
                app.logFile());
        return app;
    }

    /** Every instance started, in order, dead or alive. */
    synchronized List<ChildStreamApp> started() {
        return List.copyOf(started);
    }

    /** Kills whatever still runs. */
    @Override
    public void close() {
        started().forEach(ChildStreamApp::close);
    }

    /** The {@code FLEET_*} variables the stream app reads: the run's stack, topics and ids, then the settings. */
    private Map<String, String> environment(String instanceId, Path stateDir, int httpPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLEET_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        env.put("FLEET_SCHEMA_REGISTRY_URL", cluster.schemaRegistryUrl());
        env.put("FLEET_MODEL_REGISTRY_URL", cluster.modelRegistryUrl());
        env.put("FLEET_MODEL_NAME", PipelineRound.MODEL_NAME);
        env.put("FLEET_EVENTS_TOPIC", topics.events());
        env.put("FLEET_DEAD_LETTER_TOPIC", topics.deadLetters());
        env.put("FLEET_PREDICTIONS_PREFIX", topics.predictions().prefix());
        env.put("FLEET_DEVICES_TOPIC", topics.devices());
        env.put("FLEET_APPLICATION_ID", applicationId);
        env.put("FLEET_INSTANCE_ID", instanceId);
        env.put("FLEET_STATE_DIR", stateDir.toString());
        env.put("FLEET_CACHE_DIR", cacheDir.toString());
        env.put("FLEET_HTTP_HOST", "127.0.0.1");
        env.put("FLEET_HTTP_PORT", Integer.toString(httpPort));
        env.put("FLEET_PROCESSING_GUARANTEE", "exactly_once_v2");
        cluster.modelRegistryReadToken().ifPresent(token -> env.put("FLEET_REGISTRY_TOKEN", token));
        cluster.schemaRegistryUserInfo().ifPresent(info -> env.put("FLEET_SCHEMA_REGISTRY_USER_INFO", info));
        configFile().ifPresent(file -> env.put("FLEET_CONFIG", file.toString()));
        env.putAll(settings);
        return env;
    }

    // written at each start, after the devices' registration granted the pipeline its principal
    private Optional<Path> configFile() {
        Properties properties = new Properties();
        Path file = workDir.resolve(applicationId + ".properties");
        try {
            properties.load(new StringReader(config));
            devices.pipelineSettings().forEach((key, value) -> properties.setProperty("kafka." + key, value));
            if (properties.isEmpty()) {
                return Optional.empty();
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "the instances of " + applicationId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the instances' config file " + file, e);
        }
        return Optional.of(file);
    }
}
