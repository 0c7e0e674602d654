package dev.fleetinference.streamapp.pipeline;

import dev.fleetinference.streamapp.routing.DeviceTopics;
import java.util.Objects;

/**
 * The topics the pipeline reads and writes.
 *
 * @param events      every device's FeatureEvents, keyed by deviceId
 * @param deadLetters events that cannot be scored, as they arrived, with the reason in headers
 * @param predictions each device's own predictions topic
 */
public record PipelineTopics(String events, String deadLetters, DeviceTopics predictions) {

    public PipelineTopics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(predictions, "predictions");
    }

    /** {@code device-events}, {@code device-events.dlq} and {@code predictions.<deviceId>}. */
    public static PipelineTopics defaults() {
        return new PipelineTopics("device-events", "device-events.dlq", new DeviceTopics("predictions."));
    }
}
