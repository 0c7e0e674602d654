package dev.fleetinference.streamapp.validation;

/** Why an event went to the dead-letter topic; its {@link #code()} is the {@code fleet.dlq.reason} header. */
public enum DeadLetterReason {

    /** The bytes are not a FeatureEvent in the Confluent Avro wire format (bad magic byte, unknown schema id, ...). */
    UNDECODABLE("undecodable"),
    /** The record has no key, or a key other than the event's deviceId, so per-device order cannot hold. */
    KEY_MISMATCH("key-mismatch"),
    /** The event's deviceId is empty. */
    MISSING_DEVICE_ID("missing-device-id"),
    /** The deviceId holds characters a Kafka topic name may not ({@code [a-zA-Z0-9._-]} only). */
    ILLEGAL_DEVICE_ID("illegal-device-id"),
    /** The device's predictions topic name would be longer than Kafka's 249 characters. */
    DEVICE_ID_TOO_LONG("device-id-too-long"),
    /** The event's device is not in the device registry. */
    UNKNOWN_DEVICE("unknown-device"),
    /** The event's device was revoked. */
    REVOKED_DEVICE("revoked-device"),
    /** The event carries no signature, or one its device's key did not make: it may not come from that device. */
    UNAUTHENTICATED("unauthenticated"),
    /** A feature the model's signature needs is not in the event. */
    MISSING_FEATURE("missing-feature"),
    /** A feature the model needs is NaN or infinite. */
    NON_FINITE_FEATURE("non-finite-feature"),
    /** Scoring the event failed unexpectedly. */
    SCORING_FAILED("scoring-failed");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    /** The stable, lowercase name written in the header and used as the metrics tag. */
    public String code() {
        return code;
    }
}
