package dev.fleetinference.streamapp.testing;

import dev.fleetinference.localstack.process.ChildJvm;
import dev.fleetinference.localstack.process.FreePort;
import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.streamapp.StreamAppMain;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The stream-app instances of one test run, each in a JVM of its own as in production, configured by {@code FLEET_*}
 * variables only, on the run's topics and model; each one's output in {@code <logDir>/<instance>-<n>.log}.
 */
public final class ChildPipelines implements AutoCloseable {

    private final TestStack stack;
    private final String run;
    private final PipelineTopics topics;
    private final Path logDir;
    private final Map<String, String> settings;
    private final List<ChildStreamApp> started = new ArrayList<>();

    /** {@code settings}: more {@code FLEET_*} variables for every instance (batching, say). */
    public ChildPipelines(TestStack stack, String run, PipelineTopics topics, Path logDir, Map<String, String> settings) {
        this.stack = stack;
        this.run = run;
        this.topics = topics;
        this.logDir = logDir;
        this.settings = Map.copyOf(settings);
    }

    /** Every instance shares it: Kafka Streams' application.id. */
    public String applicationId() {
        return run + "-app";
    }

    /**
     * Starts an instance; the same {@code instanceId} and {@code stateDir} as a dead one make it that instance
     * restarted, as a pod with its volume. The caller waits for it to be ready.
     */
    public ChildStreamApp start(String instanceId, Path stateDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLEET_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("FLEET_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl());
        env.put("FLEET_MODEL_REGISTRY_URL", stack.modelRegistryUrl());
        env.put("FLEET_MODEL_NAME", run);
        env.put("FLEET_EVENTS_TOPIC", topics.events());
        env.put("FLEET_DEAD_LETTER_TOPIC", topics.deadLetters());
        env.put("FLEET_PREDICTIONS_PREFIX", topics.predictions().prefix());
        env.put("FLEET_DEVICES_TOPIC", topics.devices());
        env.put("FLEET_APPLICATION_ID", applicationId());
        env.put("FLEET_INSTANCE_ID", instanceId);
        env.put("FLEET_STATE_DIR", stateDir.toString());
        env.put("FLEET_HTTP_HOST", "127.0.0.1");
        env.put("FLEET_HTTP_PORT", Integer.toString(FreePort.find()));
        env.putAll(settings);
        ChildJvm jvm = ChildJvm.onThisClassPath(StreamAppMain.class.getName())
                .withJvmOptions(List.of("-Xmx256m", "-Dlog4j2.configurationFile=" + logConfig().toUri()));
        long earlier = started.stream().filter(app -> app.logFile().getFileName().toString()
                .startsWith(instanceId + "-")).count();
        ChildStreamApp app = ChildStreamApp.start(jvm, env, logDir.resolve(instanceId + "-" + (earlier + 1) + ".log"));
        started.add(app);
        return app;
    }

    /** Every instance started, in order, dead or alive. */
    public List<ChildStreamApp> started() {
        return List.copyOf(started);
    }

    /** Logs the end of each instance's output: what a failed test needs to be understood. */
    public void logTails(Logger log) {
        for (ChildStreamApp app : started) {
            log.error("the end of {}:\n{}", app.logFile(), app.logTail(80));
        }
    }

    @Override
    public void close() {
        started.forEach(ChildStreamApp::close);
    }

    /**
     * The children's logging: ours at info, Kafka at warn except what tells how an instance recovered: the process
     * id it chose, its producers' transactional ids and epochs, the committed offsets it resumed from, the
     * restoration, the partitions it was given.
     */
    private Path logConfig() {
        Path file = logDir.resolve("child-log4j2.properties");
        if (Files.exists(file)) {
            return file;
        }
        String config = String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_OUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.console.ref = console",
                "logger.fleet.name = dev.fleetinference",
                "logger.fleet.level = info",
                "logger.statedir.name = org.apache.kafka.streams.processor.internals.StateDirectory",
                "logger.statedir.level = info",
                "logger.txn.name = org.apache.kafka.clients.producer.internals.TransactionManager",
                "logger.txn.level = info",
                "logger.restore.name = org.apache.kafka.streams.processor.internals.StoreChangelogReader",
                "logger.restore.level = info",
                "logger.offsets.name = org.apache.kafka.clients.consumer.internals.ConsumerUtils",
                "logger.offsets.level = info",
                "logger.coordinator.name = org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
                "logger.coordinator.level = info",
                "logger.sender.name = org.apache.kafka.clients.producer.internals.Sender",
                "logger.sender.level = error",
                "logger.streamsconfig.name = org.apache.kafka.streams.StreamsConfig",
                "logger.streamsconfig.level = error",
                "logger.cuda.name = ai.djl.util.cuda.CudaUtils",
                "logger.cuda.level = error",
                "");
        try {
            Files.createDirectories(logDir);
            return Files.writeString(file, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
