package dev.fleetinference.schemas.serde;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Confluent 8's header mode: the writer schema named in a record header instead of the value's prefix.
 *
 * <p>Confluent's {@code HeaderSchemaIdSerializer} (schema-serializer 8.0) adds {@value #VALUE} (or {@value #KEY})
 * with a version byte, {@code 0x01}, then the schema's 16-byte GUID (most significant half first), and writes the
 * value as bare Avro binary. Its {@code DualSchemaIdDeserializer}, the 8.x default, also accepts {@code 0x00} and a
 * 4-byte id there, and reads the header before the prefix; so do we.
 */
public final class SchemaIdHeader {

    /** The header naming a record value's schema. */
    public static final String VALUE = "__value_schema_id";
    /** The header naming a record key's schema. */
    public static final String KEY = "__key_schema_id";

    private static final byte ID_VERSION = 0x00;
    private static final byte GUID_VERSION = 0x01;
    private static final int ID_LENGTH = 1 + Integer.BYTES;
    private static final int GUID_LENGTH = 1 + 2 * Long.BYTES;

    private SchemaIdHeader() {}

    /** The header's name for a record's key or value. */
    public static String name(boolean isKey) {
        return isKey ? KEY : VALUE;
    }

    /**
     * The schema the header of a record from {@code topic} names, or empty if it has none (or a null one, which
     * Confluent's deserializer also passes over): the value then carries its schema id in the prefix.
     *
     * @throws SerializationException if the header is there but is not in either of Confluent's two forms
     */
    static Optional<SchemaRef> read(String topic, Headers headers, boolean isKey) {
        Header header = headers == null ? null : headers.lastHeader(name(isKey));
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        byte[] value = header.value();
        if (value.length == GUID_LENGTH && value[0] == GUID_VERSION) {
            ByteBuffer guid = ByteBuffer.wrap(value, 1, GUID_LENGTH - 1);
            return Optional.of(new SchemaRef.Guid(new UUID(guid.getLong(), guid.getLong())));
        }
        if (value.length == ID_LENGTH && value[0] == ID_VERSION) {
            return Optional.of(new SchemaRef.Id(ByteBuffer.wrap(value, 1, ID_LENGTH - 1).getInt()));
        }
        String found = value.length == 0 ? "is empty"
                : String.format("has %d bytes starting with 0x%02x", value.length, value[0] & 0xff);
        throw new SerializationException("Record from topic '" + topic + "' has a schema id header '" + name(isKey)
                + "' that " + found + "; expected 0x01 and a 16-byte schema GUID (17 bytes) or 0x00 and a 4-byte "
                + "schema id (5 bytes), as Confluent's serializers write it");
    }
}
