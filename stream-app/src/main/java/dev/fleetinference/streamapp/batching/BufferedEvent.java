package dev.fleetinference.streamapp.batching;

import dev.fleetinference.schemas.FeatureEvent;
import java.util.Objects;

/**
 * An event waiting in the scoring buffer, with what is needed to forward its prediction as if it had never waited.
 *
 * @param offset    the event's offset in its input partition: orders the buffer and says what was flushed
 * @param timestamp the input record's timestamp, given to the prediction record
 * @param event     the event
 */
public record BufferedEvent(long offset, long timestamp, FeatureEvent event) {

    public BufferedEvent {
        Objects.requireNonNull(event, "event");
    }
}
