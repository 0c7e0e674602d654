package dev.fleetinference.streamapp.admission;

import dev.fleetinference.schemas.FeatureEvent;
import java.util.Objects;

/**
 * An event as it arrived: decoded, with the bytes its signature is over and the signature, until the admission
 * step has checked one against the other. Never stored or written: it lives from the read to the admission step.
 *
 * @param event     the decoded event
 * @param value     the record's value bytes, exactly as the device sent them
 * @param signature the signature header's bytes; null if the record has none
 */
@SuppressWarnings("java:S6218") // arrays compared by identity: a ReceivedEvent is never compared or hashed
public record ReceivedEvent(FeatureEvent event, byte[] value, byte[] signature) {

    public ReceivedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(value, "value");
    }
}
