package dev.fleetinference.schemas.serde;

/**
 * How an Avro serde names its subject and whether it may register schemas.
 *
 * @param isKey        true for record keys (subject {@code <topic>-key}), false for values ({@code <topic>-value})
 * @param autoRegister whether the serializer registers a record's schema, or only looks it up and fails if absent
 */
public record AvroSerdeConfig(boolean isKey, boolean autoRegister) {

    /** Values, registering schemas as needed. */
    public static AvroSerdeConfig forValues() {
        return new AvroSerdeConfig(false, true);
    }

    /** Keys, registering schemas as needed. */
    public static AvroSerdeConfig forKeys() {
        return new AvroSerdeConfig(true, true);
    }

    public AvroSerdeConfig withAutoRegister(boolean register) {
        return new AvroSerdeConfig(isKey, register);
    }

    /** The subject for {@code topic} by Confluent's TopicNameStrategy. */
    public String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    String part() {
        return isKey ? "key" : "value";
    }
}
