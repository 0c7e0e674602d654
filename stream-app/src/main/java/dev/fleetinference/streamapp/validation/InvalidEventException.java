package dev.fleetinference.streamapp.validation;

import java.util.Objects;

/** An event that decodes but cannot be scored; it goes to the dead-letter topic with its {@link #reason()}. */
public final class InvalidEventException extends RuntimeException {

    private final DeadLetterReason reason;

    public InvalidEventException(DeadLetterReason reason, String message) {
        // no stack trace: bad input is expected, and the message says everything
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
