package dev.fleetinference.streamapp.pipeline;

import dev.fleetinference.devices.RegistryTopic;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import java.util.Objects;

/**
 * The topics the pipeline reads and writes.
 *
 * @param events      every device's FeatureEvents, keyed by deviceId
 * @param deadLetters events that cannot be scored, as they arrived, with the reason in headers
 * @param predictions each device's own predictions topic
 * @param devices     the device registry's topic: which devices the pipeline admits, and their signing keys
 */
public record PipelineTopics(String events, String deadLetters, DeviceTopics predictions, String devices) {

    public PipelineTopics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(devices, "devices");
    }

    /** {@code device-events}, {@code device-events.dlq}, {@code predictions.<deviceId>} and {@code _devices}. */
    public static PipelineTopics defaults() {
        return new PipelineTopics("device-events", "device-events.dlq", new DeviceTopics("predictions."),
                RegistryTopic.DEFAULT_NAME);
    }

    /** A run's own topics, all named after {@code prefix}: for tests and benchmarks that share a cluster. */
    public static PipelineTopics named(String prefix) {
        return new PipelineTopics(prefix + ".events", prefix + ".dlq", new DeviceTopics(prefix + ".p."),
                prefix + ".devices");
    }
}
