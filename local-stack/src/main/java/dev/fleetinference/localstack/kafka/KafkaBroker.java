package dev.fleetinference.localstack.kafka;

import dev.fleetinference.localstack.process.ChildJvm;
import dev.fleetinference.localstack.process.FreePort;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft Kafka node (combined broker and controller) running in a child JVM: a single broker, or one node
 * of a {@link KafkaCluster}.
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
    private final Process process;
    private final Thread shutdownHook;

    private KafkaBroker(KafkaBrokerConfig config, Process process) {
        this.config = config;
        this.process = process;
        this.shutdownHook = new Thread(this::destroyQuietly, "kafka-broker-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats the data directory if it is new, starts the broker and waits until it answers and its controller
     * has registered it. Restarting on the same directory with the same ports keeps its topics and data; a node of
     * a cluster restarted so rejoins it.
     */
    public static KafkaBroker start(KafkaBrokerConfig config) {
        boolean portsPicked = config.port() == 0 || config.controllerPort() == 0;
        return PortRace.retry(portsPicked, "the broker", () -> startOnce(config));
    }

    private static KafkaBroker startOnce(KafkaBrokerConfig config) {
        long began = System.nanoTime();
        KafkaBroker broker = launch(config.withPorts(
                config.port() == 0 ? FreePort.find() : config.port(),
                config.controllerPort() == 0 ? FreePort.find() : config.controllerPort()));
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.kill();
            throw e;
        }
        log.info("Kafka broker {} ready on {} in {} ms (pid {}, log {})", broker.nodeId(), broker.bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - began).toMillis(), broker.pid(), broker.logFile());
        return broker;
    }

    /**
     * Formats the data directory if it is new and starts the broker's JVM without waiting for it: the nodes of a
     * cluster start together, since none is ready before a majority of them runs.
     */
    static KafkaBroker launch(KafkaBrokerConfig config) {
        if (config.port() == 0 || config.controllerPort() == 0) {
            throw new IllegalArgumentException("launch needs both ports chosen, got " + config.port() + " and "
                    + config.controllerPort());
        }
        Path dataDir = config.dataDir().toAbsolutePath();
        Map<String, String> properties = brokerProperties(dataDir, config.port(), config.controllerPort(),
                config.seat(), config.security(), config.overrides());
        try {
            Files.createDirectories(dataDir);
            Path propertiesFile = write(properties, dataDir.resolve("server.properties"));
            formatIfNew(properties, config.seat().clusterId(), config.security());
            Path log4jConfig = writeLog4jConfig(dataDir);
            return new KafkaBroker(config, startJvm(config, dataDir, propertiesFile, log4jConfig));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's data directory " + dataDir, e);
        }
    }

    /** The cluster id {@code dataDir}'s log directory was formatted with, if it was. */
    static Optional<String> formattedClusterId(Path dataDir) {
        Path metaProperties = logDirectory(dataDir.toAbsolutePath()).resolve("meta.properties");
        if (!Files.exists(metaProperties)) {
            return Optional.empty();
        }
        Properties meta = new Properties();
        try (var in = Files.newBufferedReader(metaProperties, StandardCharsets.UTF_8)) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metaProperties, e);
        }
        return Optional.ofNullable(meta.getProperty("cluster.id"));
    }

    /** {@code host:port} of the client listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return config.port();
    }

    public int controllerPort() {
        return config.controllerPort();
    }

    /** This node's {@code node.id}: 1 for a single broker, 1 to N in a cluster of N. */
    public int nodeId() {
        return config.seat().nodeId();
    }

    /** The configuration that restarts this broker on the same directory and ports (and in the same cluster). */
    public KafkaBrokerConfig restartConfig() {
        return config;
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

    /** Begins a graceful shutdown (SIGTERM) without waiting: the nodes of a cluster stop together. */
    void beginStop() {
        process.destroy();
    }

    /** Waits until the broker answers and the controller has registered it (it is then in its own cluster view). */
    void awaitReady() {
        StartDeadline deadline = new StartDeadline("Kafka broker " + nodeId(), config.startTimeout());
        while (!acceptsConnections()) {
            requireAlive();
            deadline.pause("port " + port() + " to accept connections", this::logTail);
        }
        Map<String, Object> adminConfig = new HashMap<>(adminClientSettings());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(adminConfig)) {
            while (true) {
                requireAlive();
                try {
                    var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes().get(3, TimeUnit.SECONDS);
                    if (nodes.stream().anyMatch(node -> node.id() == nodeId())) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not registered yet: the broker answers before its controller has unfenced it
                }
                deadline.pause("the broker to register with its controller", this::logTail);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    /** What a client sets, besides {@code bootstrap.servers}, to log in as the admin; empty on a plaintext broker. */
    public Map<String, String> adminClientSettings() {
        return config.security().map(ClusterSecurity::adminClientSettings).orElse(Map.of());
    }

    /** Whether the client port takes a TCP connection now. */
    boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Fails with the log's tail if the broker's JVM has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new BrokerStartException("Kafka broker " + nodeId() + " exited with code " + process.exitValue()
                    + " during start-up", logTail());
        }
    }

    /** The last lines of the broker's log, for a failure message. */
    String logTail(int lines) {
        return ChildJvm.logTail(logFile(), lines);
    }

    private String logTail() {
        return logTail(40);
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

    static Map<String, String> brokerProperties(Path dataDir, int port, int controllerPort, ClusterSeat seat,
                                                Optional<ClusterSecurity> security, Map<String, String> overrides) {
        Replication replication = Replication.forBrokers(seat.clusterSize());
        String factor = Short.toString(replication.factor());
        String minInSync = Integer.toString(replication.minInSyncReplicas());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(seat.nodeId()));
        p.put("controller.quorum.voters", seat.quorumVoters(controllerPort));
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDirectory(dataDir).toString());
        p.put("num.partitions", "1");
        // topics created without a replication factor (ours, Kafka Streams' internal ones) get the cluster's
        p.put("default.replication.factor", factor);
        p.put("min.insync.replicas", minInSync);
        p.put("offsets.topic.replication.factor", factor);
        // fewer internal partitions: a broker on a laptop gains nothing from 50 and starts slower
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", factor);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("share.coordinator.state.topic.replication.factor", factor);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        p.put("group.initial.rebalance.delay.ms", "0");
        // the streams rebalance protocol (KIP-1071) takes its session from the broker, 45 s by default and at
        // least, where the app asks the classic consumer for 6 s: the same 6 s here makes the two comparable
        p.put("group.streams.initial.rebalance.delay.ms", "0");
        p.put("group.streams.min.session.timeout.ms", "6000");
        p.put("group.streams.session.timeout.ms", "6000");
        p.put("group.streams.min.heartbeat.interval.ms", "2000");
        p.put("group.streams.heartbeat.interval.ms", "2000");
        // the log cleaner takes its dedupe buffer as one array at start, 128 MiB by default: half of a cluster
        // node's heap (an OutOfMemoryError at start). The compacted topics here are small
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(32 * 1024 * 1024));
        // after a SIGKILL the restarted broker waits for its dead incarnation's session to expire (9 s by default),
        // and a cluster notices a dead broker only then; every controller is on this machine, so a short session
        // is safe
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "2500");
        // a SIGKILLed producer's open transaction holds read_committed readers and the group's offsets (the next
        // owner of its partitions waits for them) until the broker aborts it: its timeout, then this check's next
        // run, every 10 s by default. Every second keeps a failover near the transaction timeout
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // sink topics are created on purpose, with our settings, never by accident
        p.put("auto.create.topics.enable", "false");
        security.ifPresent(secured -> p.putAll(secured.brokerProperties(port, controllerPort)));
        p.putAll(overrides);
        return p;
    }

    private static Path write(Map<String, String> properties, Path file) throws IOException {
        Properties props = new Properties();
        props.putAll(properties);
        StringWriter text = new StringWriter();
        props.store(text, "embedded KRaft broker and controller (generated by local-stack)");
        // a secured broker's properties hold its store and user passwords
        return OwnerOnlyFiles.writeString(file, text.toString());
    }

    private static Path logDirectory(Path dataDir) {
        return dataDir.resolve("kraft-logs");
    }

    private static void formatIfNew(Map<String, String> properties, String clusterId,
                                    Optional<ClusterSecurity> security) {
        String logDir = properties.get("log.dirs");
        if (Files.exists(Path.of(logDir, "meta.properties"))) {
            return;
        }
        try {
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(Integer.parseInt(properties.get("node.id")))
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir))
                    .setMetadataLogDirectory(logDir)
                    .setControllerListenerName(properties.get("controller.listener.names"))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
            // the admin's credential is in the metadata from the start: the brokers replicate as the admin, so
            // there is no moment to add it from a client
            security.ifPresent(secured -> formatter.setScramArguments(secured.scramArguments()));
            formatter.run();
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

    private static Process startJvm(KafkaBrokerConfig config, Path dataDir, Path propertiesFile, Path log4jConfig)
            throws IOException {
        return ChildJvm.of(BrokerClasspath.current(), BROKER_MAIN)
                .withJvmOptions(List.of("-Xms128m", "-Xmx" + config.maxHeap(), "-XX:+UseG1GC",
                        "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + log4jConfig.toUri()))
                .withArguments(List.of(propertiesFile.toString()))
                .inDirectory(dataDir)
                .start(dataDir.resolve("broker.log"));
    }
}
