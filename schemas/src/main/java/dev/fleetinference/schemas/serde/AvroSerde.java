package dev.fleetinference.schemas.serde;

import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** An {@link AvroSerializer} and an {@link AvroDeserializer} for the same record type, as a Kafka Serde. */
public final class AvroSerde<T extends IndexedRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** Serde for the generated class {@code type}. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(
            SchemaRegistryClient client, Class<T> type, AvroSerdeConfig config) {
        return new AvroSerde<>(new AvroSerializer<>(client, config), AvroDeserializer.forSpecific(client, type, config));
    }

    /** Serde for generic records, read into {@code readerSchema}. */
    public static AvroSerde<GenericRecord> generic(
            SchemaRegistryClient client, Schema readerSchema, AvroSerdeConfig config) {
        return new AvroSerde<>(
                new AvroSerializer<>(client, config), AvroDeserializer.forGeneric(client, readerSchema, config));
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
