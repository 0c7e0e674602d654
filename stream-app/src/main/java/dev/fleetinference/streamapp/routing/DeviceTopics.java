package dev.fleetinference.streamapp.routing;

import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.util.regex.Pattern;

/**
 * Names each device's predictions topic: the prefix followed by the deviceId, {@code predictions.device-0001}.
 *
 * @param prefix the part before the deviceId; legal in a topic name
 */
public record DeviceTopics(String prefix) {

    /** Kafka's rule for topic names: these characters, at most {@link #MAX_TOPIC_LENGTH} of them. */
    static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    static final int MAX_TOPIC_LENGTH = 249;

    public DeviceTopics {
        if (prefix == null || !LEGAL.matcher(prefix).matches() || prefix.length() >= MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("predictions topic prefix '" + prefix + "' may only hold [a-zA-Z0-9._-]"
                    + " and must leave room for a deviceId in " + MAX_TOPIC_LENGTH + " characters");
        }
    }

    /** The topic only {@code deviceId} reads; the id must have passed {@link #checkDeviceId}. */
    public String topicFor(String deviceId) {
        return prefix + deviceId;
    }

    /** The longest deviceId whose topic name Kafka accepts. */
    public int maxDeviceIdLength() {
        return MAX_TOPIC_LENGTH - prefix.length();
    }

    /** Whether {@code deviceId} gives a legal topic name (what {@link #checkDeviceId} accepts). */
    public boolean isLegal(String deviceId) {
        String topic = topicFor(deviceId);
        return LEGAL.matcher(deviceId).matches() && !topic.equals(".") && !topic.equals("..")
                && deviceId.length() <= maxDeviceIdLength();
    }

    /** Refuses, as an {@link InvalidEventException}, a deviceId that gives no legal topic name. */
    public void checkDeviceId(String deviceId, String eventId) {
        String topic = topicFor(deviceId);
        if (!LEGAL.matcher(deviceId).matches() || topic.equals(".") || topic.equals("..")) {
            throw new InvalidEventException(DeadLetterReason.ILLEGAL_DEVICE_ID, "deviceId '" + deviceId
                    + "' of event " + eventId + " may only hold [a-zA-Z0-9._-], since it names the topic "
                    + prefix + "<deviceId>");
        }
        if (deviceId.length() > maxDeviceIdLength()) {
            throw new InvalidEventException(DeadLetterReason.DEVICE_ID_TOO_LONG, "deviceId of event " + eventId
                    + " has " + deviceId.length() + " characters; at most " + maxDeviceIdLength()
                    + " fit in a topic name after '" + prefix + "'");
        }
    }
}
