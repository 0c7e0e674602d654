package dev.fleetinference.schemas.serde;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * How an Avro serde names its subject and whether it may register schemas.
 *
 * @param isKey        true for record keys (subject {@code <topic>-key}), false for values ({@code <topic>-value})
 * @param autoRegister whether the serializer registers a record's schema, or only looks it up and fails if absent
 * @param naming       how the subject is named: by topic (the default) or by record name
 */
public record AvroSerdeConfig(boolean isKey, boolean autoRegister, SubjectNaming naming) {

    public AvroSerdeConfig {
        Objects.requireNonNull(naming, "naming");
    }

    /** Values, registering schemas as needed, subjects named by topic. */
    public static AvroSerdeConfig forValues() {
        return new AvroSerdeConfig(false, true, SubjectNaming.TOPIC_NAME);
    }

    /** Keys, registering schemas as needed, subjects named by topic. */
    public static AvroSerdeConfig forKeys() {
        return new AvroSerdeConfig(true, true, SubjectNaming.TOPIC_NAME);
    }

    public AvroSerdeConfig withAutoRegister(boolean register) {
        return new AvroSerdeConfig(isKey, register, naming);
    }

    public AvroSerdeConfig withNaming(SubjectNaming value) {
        return new AvroSerdeConfig(isKey, autoRegister, value);
    }

    /** The subject for {@code topic} by Confluent's TopicNameStrategy. */
    public String subject(String topic) {
        return SubjectNaming.TOPIC_NAME.subject(topic, null, isKey);
    }

    /** The subject a record of {@code schema} written to {@code topic} is registered under. */
    public String subject(String topic, Schema schema) {
        return naming.subject(topic, schema, isKey);
    }

    String part() {
        return isKey ? "key" : "value";
    }
}
