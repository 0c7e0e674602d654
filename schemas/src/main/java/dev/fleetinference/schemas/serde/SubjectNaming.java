package dev.fleetinference.schemas.serde;

import org.apache.avro.Schema;

/** How a serializer names the schema registry subject a record's schema is registered under (Confluent's strategies). */
public enum SubjectNaming {

    /** {@code <topic>-value} (or {@code -key}): one subject per topic; Confluent's default. */
    TOPIC_NAME,

    /**
     * The record's full name, e.g. {@code dev.fleetinference.schemas.Prediction}: one subject for every topic the
     * record is written to. Made for many topics of one type, such as a predictions topic per device, which would
     * otherwise register the same schema once per topic.
     */
    RECORD_NAME;

    String subject(String topic, Schema schema, boolean isKey) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> schema.getFullName();
        };
    }
}
