package dev.fleetinference.streamapp.batching;

import dev.fleetinference.schemas.FeatureEvent;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Bytes of a buffer slot in the changelog: the offset, the timestamp, then the event in the Confluent wire format (so
 * the changelog survives an upgrade that changes the FeatureEvent schema). A slot with no event (the flush mark)
 * stores the offset alone.
 */
final class BufferSerde {

    private static final int HEADER = Long.BYTES * 2;

    private BufferSerde() {
    }

    /** The serde of {@link Slot} values; the events go through {@code events}. */
    static Serde<Slot> of(Serde<FeatureEvent> events) {
        Serializer<Slot> serializer = (topic, slot) -> {
            if (slot == null) {
                return null;
            }
            byte[] event = slot.event() == null ? new byte[0] : events.serializer().serialize(topic, slot.event().event());
            return ByteBuffer.allocate(HEADER + event.length).putLong(slot.offset())
                    .putLong(slot.event() == null ? 0 : slot.event().timestamp()).put(event).array();
        };
        Deserializer<Slot> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < HEADER) {
                throw new SerializationException("a scoring buffer slot in " + topic + " has " + bytes.length
                        + " bytes, fewer than its " + HEADER + "-byte header");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long offset = buffer.getLong();
            long timestamp = buffer.getLong();
            if (bytes.length == HEADER) {
                return Slot.mark(offset);
            }
            FeatureEvent event = events.deserializer().deserialize(topic, Arrays.copyOfRange(bytes, HEADER, bytes.length));
            return Slot.holding(new BufferedEvent(offset, timestamp, event));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /**
     * One value of the buffer store: a buffered event, or (under the mark key) the offset of the last event flushed.
     *
     * @param offset the event's offset, or for the mark the last flushed offset
     * @param event  the buffered event; null for the mark
     */
    record Slot(long offset, BufferedEvent event) {

        static Slot holding(BufferedEvent event) {
            return new Slot(event.offset(), event);
        }

        static Slot mark(long flushedOffset) {
            return new Slot(flushedOffset, null);
        }
    }
}
