package dev.fleetinference.localstack.kafka;

import dev.fleetinference.localstack.process.FreePort;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft Kafka cluster on this machine: one node, or several that each run a broker and a controller in a
 * JVM of their own and together form a static controller quorum. Each node can be stopped, killed and restarted
 * on its own, as a failure test needs.
 *
 * <p>Secured ({@link Security#SECURED}), clients log in with SCRAM-SHA-512 over TLS: {@link #adminClientSettings()}
 * as the admin, {@link #clientSettings(String, String)} as any other user, who then needs ACLs.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
    private static final String ADMIN_PROPERTIES = "admin.properties";

    private final KafkaClusterConfig config;
    private final String bootstrapServers;
    private final Optional<ClusterSecurity> security;
    // node id -> the node's current process; a restart replaces it
    private final Map<Integer, KafkaBroker> nodes;

    private KafkaCluster(KafkaClusterConfig config, Optional<ClusterSecurity> security, List<KafkaBroker> started) {
        this.config = config;
        this.security = security;
        this.bootstrapServers = started.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
        this.nodes = new TreeMap<>();
        started.forEach(node -> nodes.put(node.nodeId(), node));
    }

    /**
     * Formats the nodes' directories that are new (with the cluster id of those already formatted), starts every
     * node at once and waits until each answers, every one is registered and the controller quorum has a leader.
     * Secured, it first makes the cluster's credentials (or reads those an earlier start made) and writes the admin's
     * client settings to {@code admin.properties} in the data directory.
     */
    public static KafkaCluster start(KafkaClusterConfig config) {
        // the controller ports are always picked, so a lost race for one is always worth another try
        return PortRace.retry(true, "the cluster", () -> startOnce(config));
    }

    private static KafkaCluster startOnce(KafkaClusterConfig config) {
        long began = System.nanoTime();
        List<Integer> ids = IntStream.rangeClosed(1, config.brokers()).boxed().toList();
        Optional<String> formattedClusterId = ids.stream()
                .map(id -> KafkaBroker.formattedClusterId(config.nodeDirectory(id)))
                .flatMap(Optional::stream)
                .findFirst();
        String clusterId = formattedClusterId.orElseGet(() -> Uuid.randomUuid().toString());
        Optional<ClusterSecurity> security = security(config, formattedClusterId.isPresent());
        List<Integer> freePorts = distinctFreePorts(config.port() == 0 ? 2 * ids.size() : ids.size());
        Map<Integer, Integer> clientPorts = new HashMap<>();
        Map<Integer, Integer> controllerPorts = new HashMap<>();
        for (int id : ids) {
            controllerPorts.put(id, freePorts.get(id - 1));
            clientPorts.put(id, config.port() == 0 ? freePorts.get(ids.size() + id - 1) : config.port() + id - 1);
        }
        List<KafkaBroker> launched = new ArrayList<>();
        try {
            for (int id : ids) {
                Map<Integer, Integer> peers = new HashMap<>(controllerPorts);
                peers.remove(id);
                KafkaBrokerConfig node = KafkaBrokerConfig.inDirectory(config.nodeDirectory(id))
                        .withPorts(clientPorts.get(id), controllerPorts.get(id))
                        .withMaxHeap(config.maxHeap())
                        .withStartTimeout(config.startTimeout())
                        .withSeat(new ClusterSeat(id, peers, clusterId));
                launched.add(KafkaBroker.launch(security.map(node::withSecurity).orElse(node)));
            }
            KafkaCluster cluster = new KafkaCluster(config, security, launched);
            cluster.awaitReady(new StartDeadline("Kafka cluster", config.startTimeout()));
            log.info("Kafka cluster of {} ready on {} in {} ms (logs in {})", ids.size(), cluster.bootstrapServers(),
                    Duration.ofNanos(System.nanoTime() - began).toMillis(), config.dataDir().toAbsolutePath());
            return cluster;
        } catch (RuntimeException e) {
            launched.forEach(KafkaBroker::kill);
            throw e;
        }
    }

    /**
     * The credentials of a secured cluster: made at its first start, read back at later ones. A data directory
     * formatted by a plaintext start has no admin in its metadata, and cannot be secured afterwards.
     */
    private static Optional<ClusterSecurity> security(KafkaClusterConfig config, boolean formatted) {
        if (config.security() == Security.INSECURE) {
            return Optional.empty();
        }
        ClusterSecurityStore store = ClusterSecurityStore.of(config.dataDir());
        if (formatted && !store.exists()) {
            throw new IllegalStateException("the Kafka data in " + config.dataDir().toAbsolutePath()
                    + " was made by a plaintext start, without the admin user a secured cluster needs;"
                    + " start it secured on a new data directory");
        }
        ClusterSecurity security = store.loadOrCreate();
        writeAdminProperties(config.dataDir().resolve(ADMIN_PROPERTIES), security.adminClientSettings());
        return Optional.of(security);
    }

    private static void writeAdminProperties(Path file, Map<String, String> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "the embedded cluster's admin login (a super user); add bootstrap.servers,"
                    + " or pass --bootstrap-server with --command-config to Kafka's tools");
            OwnerOnlyFiles.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin's client settings to " + file, e);
        }
    }

    /** {@code host:port} of every node's client listener, comma-separated, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * What a client sets, besides {@code bootstrap.servers}, to log in as the admin (a super user):
     * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} and the
     * {@code ssl.truststore.*} settings. Empty on a plaintext cluster, where clients set nothing.
     */
    public Map<String, String> adminClientSettings() {
        return security.map(ClusterSecurity::adminClientSettings).orElse(Map.of());
    }

    /**
     * What a client sets, besides {@code bootstrap.servers}, to log in as {@code user} with SCRAM-SHA-512 over TLS;
     * the user needs a SCRAM credential ({@code Admin.alterUserScramCredentials}) and ACLs. Empty on a plaintext
     * cluster, which knows no users and lets every client in.
     */
    public Map<String, String> clientSettings(String user, String password) {
        return security.map(secured -> secured.clientSettings(user, password)).orElse(Map.of());
    }

    /** The file with {@link #adminClientSettings()} (mode 600), for Kafka's CLI tools; empty on a plaintext cluster. */
    public Optional<Path> adminPropertiesFile() {
        return security.map(secured -> config.dataDir().toAbsolutePath().resolve(ADMIN_PROPERTIES));
    }

    /** How many nodes the cluster has, running or not. */
    public int size() {
        return config.brokers();
    }

    /** The replication factor and {@code min.insync.replicas} of every topic on this cluster. */
    public Replication replication() {
        return Replication.forBrokers(size());
    }

    /** Every node in node id order (1 to N), as last started: a stopped or killed one too. */
    public synchronized List<KafkaBroker> brokers() {
        return List.copyOf(nodes.values());
    }

    /** Node {@code nodeId} (1 to N), as last started. */
    public synchronized KafkaBroker broker(int nodeId) {
        KafkaBroker node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("this cluster's nodes are 1 to " + size() + ", not " + nodeId);
        }
        return node;
    }

    /** Stops node {@code nodeId} gracefully (SIGTERM: it hands over its leaderships first) and waits for it. */
    public void stop(int nodeId) {
        broker(nodeId).stop();
    }

    /** Kills node {@code nodeId} (SIGKILL), as a machine failure would, and waits until it is gone. */
    public void kill(int nodeId) {
        broker(nodeId).kill();
    }

    /**
     * Starts node {@code nodeId} again on its directory and ports, once stopped or killed, and waits until the
     * cluster has registered it; it then catches up with the partitions it holds.
     */
    public KafkaBroker restart(int nodeId) {
        KafkaBroker node = broker(nodeId);
        if (node.isAlive()) {
            throw new IllegalStateException("node " + nodeId + " is running (pid " + node.pid() + "); stop it first");
        }
        KafkaBroker restarted = KafkaBroker.start(node.restartConfig());
        synchronized (this) {
            nodes.put(nodeId, restarted);
        }
        return restarted;
    }

    /** The node that leads {@code partition} now, or empty while it has no leader (or the cluster cannot say). */
    public Optional<KafkaBroker> leaderOf(TopicPartition partition) {
        return partitionInfo(partition).map(TopicPartitionInfo::leader).filter(leader -> !leader.isEmpty())
                .map(leader -> broker(leader.id()));
    }

    /** The ids of the nodes in {@code partition}'s in-sync replica set, as its leader reports it. */
    public Set<Integer> inSyncReplicas(TopicPartition partition) {
        return partitionInfo(partition)
                .map(info -> info.isr().stream().map(Node::id).collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    /** See {@link KafkaBroker#removeShutdownHook()}; for every node. */
    public void removeShutdownHook() {
        brokers().forEach(KafkaBroker::removeShutdownHook);
    }

    /**
     * Stops every node at once: one after another, the last ones would wait in vain for a controller quorum to
     * approve their controlled shutdown.
     */
    @Override
    public void close() {
        List<KafkaBroker> all = brokers();
        all.forEach(KafkaBroker::beginStop);
        all.forEach(KafkaBroker::stop);
    }

    private Optional<TopicPartitionInfo> partitionInfo(TopicPartition partition) {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(partition.topic())).allTopicNames()
                    .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(partition.topic());
            return description.partitions().stream()
                    .filter(info -> info.partition() == partition.partition())
                    .findFirst();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + partition, e);
        }
    }

    private void awaitReady(StartDeadline deadline) {
        List<KafkaBroker> all = brokers();
        // an admin client logs every refused connection, so it comes once the ports are open
        while (!all.stream().allMatch(KafkaBroker::acceptsConnections)) {
            all.forEach(KafkaBroker::requireAlive);
            deadline.pause("every node's client port to accept connections", this::logTails);
        }
        try (Admin admin = admin()) {
            while (true) {
                all.forEach(KafkaBroker::requireAlive);
                if (everyNodeRegistered(admin) && quorumHasLeader(admin)) {
                    return;
                }
                deadline.pause("every node to register and the controller quorum to elect a leader", this::logTails);
            }
        }
    }

    private boolean everyNodeRegistered(Admin admin) {
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes()
                    .get(3, TimeUnit.SECONDS).size() == size();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
        }
    }

    private boolean quorumHasLeader(Admin admin) {
        try {
            return admin.describeMetadataQuorum(new DescribeMetadataQuorumOptions().timeoutMs(2_000)).quorumInfo()
                    .get(3, TimeUnit.SECONDS).leaderId() >= 0;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
        }
    }

    private String logTails() {
        return brokers().stream()
                .map(node -> "--- node " + node.nodeId() + " (" + node.logFile() + ") ---" + System.lineSeparator()
                        + node.logTail(size() == 1 ? 40 : 15))
                .collect(Collectors.joining(System.lineSeparator()));
    }

    private Admin admin() {
        Map<String, Object> settings = new HashMap<>(adminClientSettings());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return Admin.create(settings);
    }

    private static List<Integer> distinctFreePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(FreePort.find());
        }
        return List.copyOf(ports);
    }
}
