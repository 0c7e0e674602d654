package dev.fleetinference.simulator.fleet;

import dev.fleetinference.devices.RegistryTopic;
import java.util.Objects;
import org.apache.kafka.common.internals.Topic;

/**
 * Where the fleet publishes its events and where each device finds its predictions.
 *
 * @param events            the topic every device publishes its {@code FeatureEvent}s to
 * @param predictionsPrefix a device's predictions topic is this prefix followed by its id
 * @param devices           the device registry's topic, where the fleet registers its devices before it sends
 */
public record Topics(String events, String predictionsPrefix, String devices) {

    /** The pipeline's topics: {@code device-events}, {@code predictions.<deviceId>} and {@code _devices}. */
    public static final Topics DEFAULT = new Topics("device-events", "predictions.", RegistryTopic.DEFAULT_NAME);

    // the rule for every name is Kafka's own for topic names
    public Topics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(predictionsPrefix, "predictionsPrefix");
        Objects.requireNonNull(devices, "devices");
        if (!Topic.isValid(events)) {
            throw new IllegalArgumentException("'" + events + "' is not a Kafka topic name (" + Topic.LEGAL_CHARS
                    + ", at most 249 characters)");
        }
        // legal when a one-character device id after it makes a legal topic name
        if (predictionsPrefix.isEmpty() || !Topic.isValid(predictionsPrefix + "0")) {
            throw new IllegalArgumentException("predictions topic prefix '" + predictionsPrefix
                    + "' may only hold " + Topic.LEGAL_CHARS + " and must leave room for a device id");
        }
    }

    /** The topic only {@code deviceId} reads: {@code predictions.device-0001}. */
    public String predictionsFor(String deviceId) {
        String topic = predictionsPrefix + deviceId;
        if (!Topic.isValid(topic)) {
            throw new IllegalArgumentException("device id '" + deviceId + "' gives no legal topic name: " + topic);
        }
        return topic;
    }
}
