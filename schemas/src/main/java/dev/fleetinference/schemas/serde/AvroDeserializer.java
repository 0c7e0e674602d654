package dev.fleetinference.schemas.serde;

import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro records in the Confluent wire format, resolving each record's writer schema to one reader schema.
 * Given the record's headers, it also reads Confluent 8's header mode (see {@link SchemaIdHeader}).
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

    private final SchemaRegistryClient client;
    private final Schema readerSchema;
    private final Function<Schema, DatumReader<T>> readerForWriterSchema;
    private final AvroSerdeConfig config;
    // DatumReaders keep per-read state, so each thread gets its own, one per writer schema.
    private final ThreadLocal<Map<SchemaRef, DatumReader<T>>> readers = ThreadLocal.withInitial(HashMap::new);

    private AvroDeserializer(
            SchemaRegistryClient client,
            Schema readerSchema,
            Function<Schema, DatumReader<T>> readerForWriterSchema,
            AvroSerdeConfig config) {
        this.client = Objects.requireNonNull(client, "client");
        this.readerSchema = readerSchema;
        this.readerForWriterSchema = readerForWriterSchema;
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Reads records into the generated class {@code type}, whatever compatible schema they were written with. */
    public static <T extends SpecificRecord> AvroDeserializer<T> forSpecific(
            SchemaRegistryClient client, Class<T> type, AvroSerdeConfig config) {
        Objects.requireNonNull(type, "type");
        SpecificData model = SpecificData.getForClass(type);
        Schema readerSchema = model.getSchema(type);
        return new AvroDeserializer<>(
                client, readerSchema, writerSchema -> new SpecificDatumReader<>(writerSchema, readerSchema, model), config);
    }

    /** Reads records as {@link GenericRecord}s shaped by {@code readerSchema}. */
    public static AvroDeserializer<GenericRecord> forGeneric(
            SchemaRegistryClient client, Schema readerSchema, AvroSerdeConfig config) {
        Objects.requireNonNull(readerSchema, "readerSchema");
        if (readerSchema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("readerSchema must be a record schema, was " + readerSchema.getType());
        }
        return new AvroDeserializer<>(
                client, readerSchema, writerSchema -> new GenericDatumReader<>(writerSchema, readerSchema), config);
    }

    /** The schema records are read into. */
    public Schema readerSchema() {
        return readerSchema;
    }

    /** Reads a value with its schema id in the prefix, as without headers there is nowhere else it can be. */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        SchemaRef writer = new SchemaRef.Id(WireFormat.schemaId(topic, data));
        return read(topic, writer, data, WireFormat.HEADER_LENGTH);
    }

    /** Reads a value whose schema a Confluent 8 header names (the whole value is then Avro), or else the prefix. */
    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        Optional<SchemaRef> named = SchemaIdHeader.read(topic, headers, config.isKey());
        return named.isPresent() ? read(topic, named.get(), data, 0) : deserialize(topic, data);
    }

    private T read(String topic, SchemaRef writer, byte[] data, int bodyOffset) {
        DatumReader<T> reader = readers.get().get(writer);
        if (reader == null) {
            reader = newReader(topic, writer);
            readers.get().put(writer, reader);
        }
        int bodyLength = data.length - bodyOffset;
        BoundedDecoder decoder = new BoundedDecoder(data, bodyOffset, bodyLength);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            // Corrupt bytes surface as any of EOFException, AvroRuntimeException, ArrayIndexOutOfBounds and more.
            throw new SerializationException(failure(topic, "could not decode Avro body of " + bodyLength
                    + " bytes with writer " + writer + ": " + e), e);
        }
        if (decoder.remaining() > 0) {
            throw new SerializationException(failure(topic, decoder.remaining() + " trailing bytes after the record decoded "
                    + "with writer " + writer + "; the body is corrupt or was not written with that schema"));
        }
        return record;
    }

    @Override
    public void close() {
        readers.remove();
    }

    private DatumReader<T> newReader(String topic, SchemaRef writer) {
        Schema writerSchema = writerSchema(topic, writer);
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            String reasons = compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                    .collect(Collectors.joining("; "));
            throw new SerializationException(failure(topic, "writer " + writer + " (" + writerSchema.getFullName()
                    + ") cannot be resolved to reader schema " + readerSchema.getFullName() + ": " + reasons));
        }
        return readerForWriterSchema.apply(writerSchema);
    }

    private Schema writerSchema(String topic, SchemaRef writer) {
        try {
            return writer instanceof SchemaRef.Guid guid ? client.getByGuid(guid.guid())
                    : client.getById(((SchemaRef.Id) writer).id());
        } catch (SchemaRegistryException e) {
            String from = writer instanceof SchemaRef.Guid ? " (named by header " + SchemaIdHeader.name(config.isKey())
                    + ")" : "";
            String problem = e.isNotFound()
                    ? writer + from + " not found in the registry"
                    : e.isUnreachable()
                            ? "registry unreachable while fetching " + writer
                            : "registry failed to return " + writer;
            throw new SerializationException(failure(topic, problem + ": " + e.getMessage()), e);
        }
    }

    private String failure(String topic, String problem) {
        return "Cannot deserialize Avro " + config.part() + " from topic '" + topic + "': " + problem;
    }
}
