package dev.fleetinference.localstack.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the embedded KRaft cluster: {@code brokers} nodes on this machine, each a broker and a controller in
 * its own JVM.
 *
 * @param dataDir      the cluster's directory: a single broker keeps its data there, node N of several in
 *                     {@code node-N}
 * @param brokers      how many nodes
 * @param port         the first node's client port on 127.0.0.1, node N's is {@code port + N - 1}; 0 picks free ones
 * @param maxHeap      each node's -Xmx, e.g. "256m"
 * @param startTimeout how long to wait for the whole cluster to answer before giving up
 * @param security     whether clients must log in over TLS; the credentials are then kept in
 *                     {@code dataDir/security}, the admin's client settings in {@code dataDir/admin.properties}
 */
public record KafkaClusterConfig(Path dataDir, int brokers, int port, String maxHeap, Duration startTimeout,
                                 Security security) {

    /** Each node's heap in a cluster: three share the machine, and a laptop's load needs no more. */
    static final String CLUSTER_NODE_HEAP = "256m";

    public KafkaClusterConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, got " + brokers);
        }
        if (port != 0 && (port < 1 || port + brokers - 1 > 65_535)) {
            throw new IllegalArgumentException("port must be 0 (free ports) or leave room for " + brokers
                    + " ports up to 65535, got " + port);
        }
        // the node config checks the heap's form; the timeout is checked here, as the cluster waits on it
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
        }
        Objects.requireNonNull(security, "security");
    }

    /**
     * Defaults: free ports; a single broker as it always was (768 MB of heap, 60 s to start), several with 256 MB
     * each and 90 s, since they start together on the same cores; plaintext, with no authorizer.
     */
    public static KafkaClusterConfig inDirectory(Path dataDir, int brokers) {
        return brokers == 1
                ? new KafkaClusterConfig(dataDir, 1, 0, KafkaBrokerConfig.DEFAULT_MAX_HEAP,
                        KafkaBrokerConfig.DEFAULT_START_TIMEOUT, Security.INSECURE)
                : new KafkaClusterConfig(dataDir, brokers, 0, CLUSTER_NODE_HEAP, Duration.ofSeconds(90),
                        Security.INSECURE);
    }

    public KafkaClusterConfig withPort(int port) {
        return new KafkaClusterConfig(dataDir, brokers, port, maxHeap, startTimeout, security);
    }

    public KafkaClusterConfig withSecurity(Security security) {
        return new KafkaClusterConfig(dataDir, brokers, port, maxHeap, startTimeout, security);
    }

    /** Node {@code nodeId}'s own directory. */
    public Path nodeDirectory(int nodeId) {
        return brokers == 1 ? dataDir : dataDir.resolve("node-" + nodeId);
    }
}
