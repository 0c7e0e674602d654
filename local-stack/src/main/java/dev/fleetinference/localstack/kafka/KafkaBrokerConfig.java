package dev.fleetinference.localstack.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run one node of the embedded KRaft cluster (by default a cluster of one).
 *
 * @param dataDir        the broker's own directory: metadata and data logs, properties, log file
 * @param port           client listener port on 127.0.0.1; 0 picks a free one
 * @param controllerPort KRaft controller listener port; 0 picks a free one
 * @param maxHeap        the child JVM's -Xmx, e.g. "768m"
 * @param startTimeout   how long to wait for the broker to answer before giving up
 * @param overrides      broker properties that replace or add to the defaults
 * @param seat           the node's id and its peers in the controller quorum
 * @param security       the cluster's credentials when it runs secured; empty: plaintext, no authorizer
 */
public record KafkaBrokerConfig(
        Path dataDir, int port, int controllerPort, String maxHeap, Duration startTimeout,
        Map<String, String> overrides, ClusterSeat seat, Optional<ClusterSecurity> security) {

    /** A single broker's heap and start timeout. */
    static final String DEFAULT_MAX_HEAP = "768m";
    static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    public KafkaBrokerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (maxHeap == null || !maxHeap.matches("\\d+[kKmMgG]?")) {
            throw new IllegalArgumentException("maxHeap must look like 512m or 1g, got '" + maxHeap + "'");
        }
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
        }
        overrides = Map.copyOf(overrides);
        Objects.requireNonNull(seat, "seat");
        Objects.requireNonNull(security, "security");
    }

    /** Defaults for a single broker in {@code dataDir}: free ports, 768 MB heap, 60 s to start. */
    public static KafkaBrokerConfig inDirectory(Path dataDir) {
        return new KafkaBrokerConfig(dataDir, 0, 0, DEFAULT_MAX_HEAP, DEFAULT_START_TIMEOUT, Map.of(),
                ClusterSeat.alone(), Optional.empty());
    }

    public KafkaBrokerConfig withPorts(int port, int controllerPort) {
        return new KafkaBrokerConfig(dataDir, port, controllerPort, maxHeap, startTimeout, overrides, seat, security);
    }

    public KafkaBrokerConfig withOverrides(Map<String, String> overrides) {
        return new KafkaBrokerConfig(dataDir, port, controllerPort, maxHeap, startTimeout, overrides, seat, security);
    }

    public KafkaBrokerConfig withMaxHeap(String maxHeap) {
        return new KafkaBrokerConfig(dataDir, port, controllerPort, maxHeap, startTimeout, overrides, seat, security);
    }

    public KafkaBrokerConfig withStartTimeout(Duration startTimeout) {
        return new KafkaBrokerConfig(dataDir, port, controllerPort, maxHeap, startTimeout, overrides, seat, security);
    }

    /** As the node {@code seat} describes, in a cluster of {@code seat.clusterSize()}. */
    public KafkaBrokerConfig withSeat(ClusterSeat seat) {
        return new KafkaBrokerConfig(dataDir, port, controllerPort, maxHeap, startTimeout, overrides, seat, security);
    }

    /** Secured with {@code security}: SASL_SSL for clients and replication, ACLs enforced. */
    public KafkaBrokerConfig withSecurity(ClusterSecurity security) {
        return new KafkaBrokerConfig(dataDir, port, controllerPort, maxHeap, startTimeout, overrides, seat,
                Optional.of(security));
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (any free port) or 1-65535, got " + value);
        }
    }
}
