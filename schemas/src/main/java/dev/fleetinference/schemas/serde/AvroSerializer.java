package dev.fleetinference.schemas.serde;

import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Writes Avro records in the Confluent wire format, with the record's own schema as registered under its subject (see {@link SubjectNaming}). */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private final SchemaRegistryClient client;
    private final AvroSerdeConfig config;

    public AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config) {
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Writes the record as {@link #serialize(String, IndexedRecord)} does, first dropping a schema id header (see
     * {@link SchemaIdHeader}) that came with the headers: Kafka Streams hands a record's headers on to what is made
     * from it, and Confluent 8's deserializers read that header before the prefix, so it would name another schema.
     */
    @Override
    public byte[] serialize(String topic, Headers headers, T record) {
        String stale = SchemaIdHeader.name(config.isKey());
        // only when present: headers already sent are read-only, and removing nothing from them would throw
        if (headers != null && headers.lastHeader(stale) != null) {
            headers.remove(stale);
        }
        return serialize(topic, record);
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        String subject = config.subject(topic, schema);
        int id = schemaId(topic, subject, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(WireFormat.header(id));
        try {
            // Direct: nothing to flush-forget, and the stream is in memory anyway.
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(record).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    failure(topic, subject, "could not encode " + schema.getFullName() + " with schema id " + id + ": " + e), e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, String subject, Schema schema) {
        try {
            return config.autoRegister() ? client.register(subject, schema) : client.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            String problem = config.autoRegister()
                    ? "could not register schema " + schema.getFullName()
                    : e.isNotFound()
                            ? "schema " + schema.getFullName() + " is not registered under the subject and auto-registration is off"
                            : "could not look up schema " + schema.getFullName();
            throw new SerializationException(failure(topic, subject, problem + ": " + e.getMessage()), e);
        }
    }

    // Specific records carry their own SpecificData, which holds the conversions for logical types (UUID, Instant).
    private static DatumWriter<IndexedRecord> writerFor(IndexedRecord record) {
        if (record instanceof SpecificRecord) {
            SpecificData model = record instanceof SpecificRecordBase base
                    ? base.getSpecificData()
                    : SpecificData.getForClass(record.getClass());
            return new SpecificDatumWriter<>(record.getSchema(), model);
        }
        return new GenericDatumWriter<>(record.getSchema());
    }

    private String failure(String topic, String subject, String problem) {
        return "Cannot serialize Avro " + config.part() + " for topic '" + topic + "' (subject '" + subject + "'): " + problem;
    }
}
