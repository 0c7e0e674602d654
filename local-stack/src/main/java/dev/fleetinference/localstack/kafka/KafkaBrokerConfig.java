package dev.fleetinference.localstack.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the embedded single-node KRaft broker.
 *
 * @param dataDir        the broker's own directory: metadata and data logs, properties, log file
 * @param port           client listener port on 127.0.0.1; 0 picks a free one
 * @param controllerPort KRaft controller listener port; 0 picks a free one
 * @param maxHeap        the child JVM's -Xmx, e.g. "768m"
 * @param startTimeout   how long to wait for the broker to answer before giving up
 * @param overrides      broker properties that replace or add to the defaults
 */
public record KafkaBrokerConfig(
        Path dataDir, int port, int controllerPort, String maxHeap, Duration startTimeout,
        Map<String, String> overrides) {

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
    }

    /** Defaults for a broker in {@code dataDir}: free ports, 768 MB heap, 60 s to start. */
    public static KafkaBrokerConfig inDirectory(Path dataDir) {
        return new KafkaBrokerConfig(dataDir, 0, 0, "768m", Duration.ofSeconds(60), Map.of());
    }

    public KafkaBrokerConfig withPorts(int port, int controllerPort) {
        return new KafkaBrokerConfig(dataDir, port, controllerPort, maxHeap, startTimeout, overrides);
    }

    public KafkaBrokerConfig withOverrides(Map<String, String> overrides) {
        return new KafkaBrokerConfig(dataDir, port, controllerPort, maxHeap, startTimeout, overrides);
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (any free port) or 1-65535, got " + value);
        }
    }
}
