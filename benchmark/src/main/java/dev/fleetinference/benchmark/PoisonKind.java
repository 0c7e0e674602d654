package dev.fleetinference.benchmark;

import dev.fleetinference.streamapp.validation.DeadLetterReason;

/** The kinds of bad record in the chaos run's poison flood, each with the reason its dead letter must give. */
enum PoisonKind {

    RANDOM_BYTES("random bytes", DeadLetterReason.UNDECODABLE),
    TRUNCATED_AVRO("truncated Avro", DeadLetterReason.UNDECODABLE),
    UNKNOWN_SCHEMA_ID("unknown schema id", DeadLetterReason.UNDECODABLE),
    NAN_FEATURE("NaN feature", DeadLetterReason.NON_FINITE_FEATURE),
    INFINITE_FEATURE("infinite feature", DeadLetterReason.NON_FINITE_FEATURE),
    ILLEGAL_DEVICE_ID("illegal device id", DeadLetterReason.ILLEGAL_DEVICE_ID),
    OVERSIZED_DEVICE_ID("oversized device id", DeadLetterReason.DEVICE_ID_TOO_LONG),
    /** One of a flood: 100,000 features (none the model's) in a record just under the broker's size limit. */
    HUGE_EVENT("100,000 features near the record size limit", DeadLetterReason.MISSING_FEATURE);

    private final String description;
    private final DeadLetterReason reason;

    PoisonKind(String description, DeadLetterReason reason) {
        this.description = description;
        this.reason = reason;
    }

    String description() {
        return description;
    }

    /** The {@code fleet.dlq.reason} its dead letter must carry. */
    DeadLetterReason reason() {
        return reason;
    }
}
