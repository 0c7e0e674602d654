package dev.fleetinference.streamapp.routing;

import java.util.List;
import java.util.Objects;

/**
 * A predictions topic that existed before this app asked for it and differs from what the app would have created.
 *
 * @param topic       the topic, left as it is
 * @param differences each setting that differs, with its value and the configured one
 */
public record TopicSpecMismatch(String topic, List<String> differences) {

    public TopicSpecMismatch {
        Objects.requireNonNull(topic, "topic");
        differences = List.copyOf(differences);
        if (differences.isEmpty()) {
            throw new IllegalArgumentException("a mismatch of topic " + topic + " needs a difference");
        }
    }

    /** What an operator reads in the log: the topic and each difference. */
    public String describe() {
        return "topic " + topic + " exists with other settings than configured: " + String.join(", ", differences)
                + "; it is used as it is";
    }
}
