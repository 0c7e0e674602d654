package dev.fleetinference.simulator.fleet;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/** A device's predictions topic, found to exist, with its partitions. */
record DeviceTopic(String deviceId, String topic, List<TopicPartition> partitions) {

    DeviceTopic {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(topic, "topic");
        partitions = List.copyOf(partitions);
    }
}
