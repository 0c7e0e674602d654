package dev.fleetinference.streamapp.validation;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import java.util.Objects;

/**
 * Refuses events that decode but cannot be routed: no deviceId, one that is no legal topic-name suffix, or a record
 * key other than the deviceId. Features are checked later, against the model that scores them.
 */
public final class EventValidator {

    private final DeviceTopics topics;

    public EventValidator(DeviceTopics topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    /** The event, unchanged, if it can be scored and routed; otherwise an {@link InvalidEventException}. */
    public FeatureEvent validated(String key, FeatureEvent event) {
        if (event == null) {
            throw new InvalidEventException(DeadLetterReason.UNDECODABLE, "the record with key " + key
                    + " has no value (a tombstone); devices send FeatureEvents");
        }
        String deviceId = event.getDeviceId();
        if (deviceId.isEmpty()) {
            throw new InvalidEventException(DeadLetterReason.MISSING_DEVICE_ID,
                    "event " + event.getEventId() + " has an empty deviceId");
        }
        topics.checkDeviceId(deviceId, event.getEventId().toString());
        if (!deviceId.equals(key)) {
            throw new InvalidEventException(DeadLetterReason.KEY_MISMATCH, "event " + event.getEventId() + " from device '"
                    + deviceId + "' has record key " + (key == null ? "null" : "'" + key + "'")
                    + "; devices key their events by deviceId so that each device's events stay in order");
        }
        return event;
    }
}
