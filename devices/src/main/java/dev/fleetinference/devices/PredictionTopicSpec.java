package dev.fleetinference.devices;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How a device's predictions topic is created.
 *
 * @param partitions        partitions per device topic; one keeps each device's predictions in order
 * @param replicationFactor replicas; empty for the broker's default
 * @param retention         how long predictions are kept for a device that is offline
 */
public record PredictionTopicSpec(int partitions, Optional<Short> replicationFactor, Duration retention) {

    public PredictionTopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be 1 or more, got " + partitions);
        }
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        Objects.requireNonNull(retention, "retention");
        if (retention.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
    }

    /** One partition, the broker's replication factor, seven days' retention. */
    public static PredictionTopicSpec defaults() {
        return new PredictionTopicSpec(1, Optional.empty(), Duration.ofDays(7));
    }

    /** The topic {@code name} as this spec creates it. */
    public NewTopic newTopic(String name) {
        return new NewTopic(name, Optional.of(partitions), replicationFactor)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    }
}
