package dev.fleetinference.streamapp.routing;

import dev.fleetinference.devices.DeviceIds;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.internals.Topic;

/**
 * Names each device's predictions topic: the prefix followed by the deviceId, {@code predictions.device-0001}. The
 * rule for a deviceId is Kafka's own for topic names ({@link Topic#isValid}), applied to that name.
 *
 * @param prefix the part before the deviceId; legal in a topic name
 */
public record DeviceTopics(String prefix) {

    /** The longest topic name Kafka accepts. */
    static final int MAX_TOPIC_LENGTH = 249;
    // only to tell a deviceId that is too long from one with characters Kafka refuses
    private static final Pattern LEGAL_CHARACTERS = Pattern.compile(Topic.LEGAL_CHARS + "*");

    public DeviceTopics {
        // legal when a one-character deviceId after it makes a legal topic name
        if (prefix == null || prefix.isEmpty() || !Topic.isValid(prefix + "0")) {
            throw new IllegalArgumentException("predictions topic prefix '" + prefix + "' may only hold "
                    + Topic.LEGAL_CHARS + " and must leave room for a deviceId in " + MAX_TOPIC_LENGTH
                    + " characters");
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
        return problem(deviceId).isEmpty();
    }

    /** Refuses, as an {@link InvalidEventException}, a deviceId that gives no legal topic name. */
    public void checkDeviceId(String deviceId, String eventId) {
        Optional<DeadLetterReason> problem = problem(deviceId);
        if (problem.isEmpty()) {
            return;
        }
        if (problem.get() == DeadLetterReason.DEVICE_ID_TOO_LONG) {
            throw new InvalidEventException(DeadLetterReason.DEVICE_ID_TOO_LONG, "deviceId of event " + eventId
                    + " has " + deviceId.length() + " characters; at most " + maxDeviceIdLength()
                    + " fit in a topic name after '" + prefix + "'");
        }
        throw new InvalidEventException(DeadLetterReason.ILLEGAL_DEVICE_ID, "deviceId '" + deviceId + "' of event "
                + eventId + " may only hold " + Topic.LEGAL_CHARS + ", not only dots, since it names the topic " + prefix
                + "<deviceId>");
    }

    // the rule, once: the id must be there and make a topic name Kafka accepts; too long is told apart from
    // characters Kafka refuses, since the message says how long it may be
    private Optional<DeadLetterReason> problem(String deviceId) {
        if (DeviceIds.problem(prefix, deviceId).filter(p -> p == DeviceIds.Problem.ILLEGAL).isPresent()) {
            return Optional.of(DeadLetterReason.ILLEGAL_DEVICE_ID);
        }
        if (!deviceId.isEmpty() && Topic.isValid(topicFor(deviceId))) {
            return Optional.empty();
        }
        boolean onlyTooLong = deviceId.length() > maxDeviceIdLength()
                && LEGAL_CHARACTERS.matcher(deviceId).matches();
        return Optional.of(onlyTooLong ? DeadLetterReason.DEVICE_ID_TOO_LONG : DeadLetterReason.ILLEGAL_DEVICE_ID);
    }
}
