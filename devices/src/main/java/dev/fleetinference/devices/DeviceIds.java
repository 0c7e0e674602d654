package dev.fleetinference.devices;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for a deviceId, once for the registry and the pipeline: it names the device's predictions topic (the
 * prefix then the id), so it must make a topic name Kafka accepts; and it must not be made only of dots, which Kafka
 * accepts after a prefix but which reads as a path ({@code predictions..}) everywhere else.
 */
public final class DeviceIds {

    /** The longest topic name Kafka accepts. */
    public static final int MAX_TOPIC_LENGTH = 249;
    /** The characters Kafka allows in a topic name. */
    public static final String LEGAL_CHARS = "[a-zA-Z0-9._-]";

    private static final Pattern LEGAL = Pattern.compile(LEGAL_CHARS + "+");
    private static final Pattern ONLY_DOTS = Pattern.compile("\\.+");

    /** What is wrong with a deviceId. */
    public enum Problem {
        /** No id at all. */
        EMPTY,
        /** A character Kafka refuses in a topic name, or nothing but dots. */
        ILLEGAL,
        /** Legal characters, but the topic name would be longer than {@link #MAX_TOPIC_LENGTH}. */
        TOO_LONG
    }

    private DeviceIds() {
    }

    /** What is wrong with {@code deviceId} as the suffix of {@code prefix}'s topics, if anything. */
    public static Optional<Problem> problem(String prefix, String deviceId) {
        if (deviceId == null || deviceId.isEmpty()) {
            return Optional.of(Problem.EMPTY);
        }
        if (!LEGAL.matcher(deviceId).matches() || ONLY_DOTS.matcher(deviceId).matches()) {
            return Optional.of(Problem.ILLEGAL);
        }
        if (prefix.length() + deviceId.length() > MAX_TOPIC_LENGTH) {
            return Optional.of(Problem.TOO_LONG);
        }
        return Optional.empty();
    }

    /** The longest deviceId that fits after {@code prefix}. */
    public static int maxLength(String prefix) {
        return MAX_TOPIC_LENGTH - prefix.length();
    }

    /** Refuses a deviceId {@link #problem} finds fault with, saying why, as an {@link IllegalArgumentException}. */
    public static String checked(String prefix, String deviceId) {
        Optional<Problem> problem = problem(prefix, deviceId);
        if (problem.isEmpty()) {
            return deviceId;
        }
        throw new IllegalArgumentException(switch (problem.get()) {
            case EMPTY -> "a deviceId may not be empty";
            case ILLEGAL -> "deviceId '" + deviceId + "' may only hold " + LEGAL_CHARS
                    + " and not only dots, since it names the topic " + prefix + "<deviceId>";
            case TOO_LONG -> "deviceId '" + deviceId + "' has " + deviceId.length() + " characters; at most "
                    + maxLength(prefix) + " fit in a topic name after '" + prefix + "'";
        });
    }
}
