package dev.fleetinference.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** The Confluent wire format header: a 0x00 magic byte, then the writer schema's registry id as a big-endian int. */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x00;
    /** Bytes before the Avro body: the magic byte and the 4-byte schema id. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {}

    /** The 5 header bytes announcing a body written with schema {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * The schema id in the header of {@code payload}, a record read from {@code topic}.
     *
     * @throws SerializationException if the payload is empty, shorter than the header or has the wrong magic byte
     */
    public static int schemaId(String topic, byte[] payload) {
        if (payload.length == 0) {
            throw notWireFormat(topic, "the payload is empty (0 bytes)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw notWireFormat(topic, String.format(
                    "unknown magic byte 0x%02x, expected 0x%02x; was it written by another serializer?",
                    payload[0] & 0xff, MAGIC_BYTE));
        }
        if (payload.length < HEADER_LENGTH) {
            throw notWireFormat(topic, "the payload has " + payload.length + " bytes, fewer than the "
                    + HEADER_LENGTH + "-byte header (magic byte and schema id)");
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    private static SerializationException notWireFormat(String topic, String problem) {
        return new SerializationException(
                "Record from topic '" + topic + "' is not in the Confluent Avro wire format: " + problem);
    }
}
