package dev.fleetinference.localstack.kafka;

import dev.fleetinference.localstack.process.ChildJvm;
import dev.fleetinference.localstack.process.FreePort;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running in a child JVM.
 *
 * <p>A child JVM keeps the broker's heap, threads and classpath apart from the caller's, and can
 * be killed with SIGKILL for failure tests, as a production broker can. Its log goes to
 * {@code broker.log} in the data directory, never to the caller's console.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final String BROKER_MAIN = "kafka.Kafka";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaBrokerConfig config;
    private final int port;
    private final int controllerPort;
    private final Process process;
    private final Thread shutdownHook;

    private KafkaBroker(KafkaBrokerConfig config, int port, int controllerPort, Process process) {
        this.config = config;
        this.port = port;
        this.controllerPort = controllerPort;
        this.process = process;
        this.shutdownHook = new Thread(this::destroyQuietly, "kafka-broker-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats the data directory if it is new, starts the broker and waits until it answers.
     * Restarting on the same directory with the same ports keeps its topics and data.
     */
    public static KafkaBroker start(KafkaBrokerConfig config) {
        boolean portsPicked = config.port() == 0 || config.controllerPort() == 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(config);
            } catch (BrokerStartException e) {
                // a port found free can be taken by another process before the child binds it
                if (!portsPicked || attempt == 3 || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                log.warn("a port picked for the broker was taken before it started; retrying on other ports");
            }
        }
    }

    private static KafkaBroker startOnce(KafkaBrokerConfig config) {
        long began = System.nanoTime();
        int port = config.port() == 0 ? FreePort.find() : config.port();
        int controllerPort = config.controllerPort() == 0 ? FreePort.find() : config.controllerPort();
        Path dataDir = config.dataDir().toAbsolutePath();
        Map<String, String> properties = brokerProperties(dataDir, port, controllerPort, config.overrides());
        try {
            Files.createDirectories(dataDir);
            Path propertiesFile = write(properties, dataDir.resolve("server.properties"));
            formatIfNew(properties);
            Path log4jConfig = writeLog4jConfig(dataDir);
            Process process = launch(config, dataDir, propertiesFile, log4jConfig);
            KafkaBroker broker = new KafkaBroker(config, port, controllerPort, process);
            try {
                broker.awaitReady(config.startTimeout());
            } catch (RuntimeException e) {
                broker.kill();
                throw e;
            }
            log.info("Kafka broker ready on {} in {} ms (pid {}, log {})", broker.bootstrapServers(),
                    Duration.ofNanos(System.nanoTime() - began).toMillis(), process.pid(), broker.logFile());
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's data directory " + dataDir, e);
        }
    }

    /** {@code host:port} of the client listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The configuration that restarts this broker on the same directory and ports. */
    public KafkaBrokerConfig restartConfig() {
        return config.withPorts(port, controllerPort);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The broker's own log (log4j output and the JVM's stdout/stderr). */
    public Path logFile() {
        return config.dataDir().toAbsolutePath().resolve("broker.log");
    }

    /** Graceful shutdown: SIGTERM, then waits for the process to exit (SIGKILL after 30 s). */
    public void stop() {
        if (!process.isAlive()) {
            unregisterHook();
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Kafka broker pid {} did not stop within {}; killing it", process.pid(), STOP_TIMEOUT);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        unregisterHook();
    }

    /** Crash: SIGKILL, as a machine failure would; waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unregisterHook();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Leaves stopping the broker at JVM exit to the owner's own shutdown hook, for an owner that must first stop what
     * uses the broker: the JVM runs its shutdown hooks all at once, in no order. Should the owner's hook not stop it,
     * the broker still exits with this JVM, since it watches its parent.
     */
    public void removeShutdownHook() {
        unregisterHook();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        waitForPort(deadline);
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(adminConfig)) {
            while (true) {
                requireAlive();
                try {
                    var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes().get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not registered yet: the broker answers before its controller has unfenced it
                }
                pauseUntil(deadline, "the broker to register with its controller");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private void waitForPort(long deadline) {
        while (true) {
            requireAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                pauseUntil(deadline, "port " + port + " to accept connections");
            }
        }
    }

    private void pauseUntil(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new BrokerStartException("Kafka broker did not become ready within "
                    + config.startTimeout() + " (waiting for " + what + ")", logTail());
        }
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private void requireAlive() {
        if (!process.isAlive()) {
            throw new BrokerStartException("Kafka broker exited with code " + process.exitValue()
                    + " during start-up", logTail());
        }
    }

    private String logTail() {
        return ChildJvm.logTail(logFile(), 40);
    }

    private void destroyQuietly() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }

    private void unregisterHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrRemoved) {
            // the hook runs (or ran) anyway; nothing to undo
        }
    }

    static Map<String, String> brokerProperties(Path dataDir, int port, int controllerPort,
                                                Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("kraft-logs").toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        // fewer internal partitions: a single-node broker gains nothing from 50 and starts slower
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // after a SIGKILL the restarted broker waits for its dead incarnation's session to expire
        // (9 s by default); the controller is in the same process, so a short session is safe
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "2500");
        // sink topics are created on purpose, with our settings, never by accident
        p.put("auto.create.topics.enable", "false");
        p.putAll(overrides);
        return p;
    }

    private static Path write(Map<String, String> properties, Path file) throws IOException {
        Properties props = new Properties();
        props.putAll(properties);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "embedded single-node KRaft broker (generated by local-stack)");
        }
        return file;
    }

    private static void formatIfNew(Map<String, String> properties) {
        String logDir = properties.get("log.dirs");
        if (Files.exists(Path.of(logDir, "meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(Integer.parseInt(properties.get("node.id")))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir))
                    .setMetadataLogDirectory(logDir)
                    .setControllerListenerName(properties.get("controller.listener.names"))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker's log directory " + logDir, e);
        }
    }

    private static Path writeLog4jConfig(Path dataDir) throws IOException {
        String config = String.join("\n",
                "status = warn",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + dataDir.resolve("broker.log").toString().replace("\\", "/"),
                "appender.file.append = true",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "logger.state-change.name = state.change.logger",
                "logger.state-change.level = WARN",
                "");
        return Files.writeString(dataDir.resolve("broker-log4j2.properties"), config, StandardCharsets.UTF_8);
    }

    private static Process launch(KafkaBrokerConfig config, Path dataDir, Path propertiesFile, Path log4jConfig)
            throws IOException {
        return ChildJvm.of(BrokerClasspath.current(), BROKER_MAIN)
                .withJvmOptions(List.of("-Xms128m", "-Xmx" + config.maxHeap(), "-XX:+UseG1GC",
                        "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + log4jConfig.toUri()))
                .withArguments(List.of(propertiesFile.toString()))
                .inDirectory(dataDir)
                .start(dataDir.resolve("broker.log"));
    }
}
