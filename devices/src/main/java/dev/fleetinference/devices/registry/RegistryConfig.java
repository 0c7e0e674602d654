package dev.fleetinference.devices.registry;

import dev.fleetinference.devices.PredictionTopicSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the device registry needs.
 *
 * @param bootstrapServers  the Kafka cluster
 * @param clientSettings    the registry's own Kafka client settings (an admin's security settings, say)
 * @param topic             the registry's compacted topic
 * @param eventsTopic       the topic devices write their events to
 * @param predictionsPrefix the part of a device's predictions topic before its id
 * @param predictionTopics  how a device's predictions topic is created
 * @param timeout           how long one request to the cluster may take
 */
public record RegistryConfig(String bootstrapServers, Map<String, String> clientSettings, String topic,
                             String eventsTopic, String predictionsPrefix, PredictionTopicSpec predictionTopics,
                             Duration timeout) {

    public RegistryConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        clientSettings = Map.copyOf(clientSettings);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventsTopic, "eventsTopic");
        Objects.requireNonNull(predictionsPrefix, "predictionsPrefix");
        Objects.requireNonNull(predictionTopics, "predictionTopics");
        Objects.requireNonNull(timeout, "timeout");
    }

    // the generated toString would print the admin's password
    @Override
    public String toString() {
        return "RegistryConfig[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", eventsTopic="
                + eventsTopic + ", predictionsPrefix=" + predictionsPrefix + ", clientSettings="
                + clientSettings.keySet() + "]";
    }
}
