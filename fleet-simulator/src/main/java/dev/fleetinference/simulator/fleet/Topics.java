package dev.fleetinference.simulator.fleet;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the fleet publishes its events and where each device finds its predictions.
 *
 * @param events            the topic every device publishes its {@code FeatureEvent}s to
 * @param predictionsPrefix a device's predictions topic is this prefix followed by its id
 */
public record Topics(String events, String predictionsPrefix) {

    // Kafka's own rule for topic names
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_TOPIC_LENGTH = 249;

    // DEFAULT comes after LEGAL: building it uses LEGAL
    /** The pipeline's topics: {@code device-events} and {@code predictions.<deviceId>}. */
    public static final Topics DEFAULT = new Topics("device-events", "predictions.");

    public Topics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(predictionsPrefix, "predictionsPrefix");
        if (!LEGAL.matcher(events).matches() || events.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("'" + events + "' is not a Kafka topic name ([a-zA-Z0-9._-], at most "
                    + MAX_TOPIC_LENGTH + " characters)");
        }
        if (!LEGAL.matcher(predictionsPrefix).matches()) {
            throw new IllegalArgumentException("predictions topic prefix '" + predictionsPrefix
                    + "' may only hold [a-zA-Z0-9._-]");
        }
    }

    /** The topic only {@code deviceId} reads: {@code predictions.device-0001}. */
    public String predictionsFor(String deviceId) {
        String topic = predictionsPrefix + deviceId;
        if (!LEGAL.matcher(topic).matches() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("device id '" + deviceId + "' gives no legal topic name: " + topic);
        }
        return topic;
    }
}
