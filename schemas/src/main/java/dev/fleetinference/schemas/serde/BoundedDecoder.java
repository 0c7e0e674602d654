package dev.fleetinference.schemas.serde;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoder over one in-memory payload that refuses any length or item count the remaining bytes
 * cannot hold.
 *
 * <p>Avro's own decoder allocates whatever a length prefix claims, up to 2 GiB, before noticing the data is
 * missing, so a few corrupt bytes could exhaust the heap. Rejecting item counts above the remaining bytes assumes
 * each item takes at least one byte; that excludes only arrays of zero-byte items (nulls, empty records),
 * which none of our contracts use.
 */
final class BoundedDecoder extends Decoder {

    private final ByteArrayInputStream source;
    private final BinaryDecoder in;

    BoundedDecoder(byte[] data, int offset, int length) {
        this.source = new ByteArrayInputStream(data, offset, length);
        // The direct decoder reads no further ahead than asked, so source.available() is exact.
        this.in = DecoderFactory.get().directBinaryDecoder(source, null);
    }

    /** Bytes not consumed yet. */
    int remaining() {
        return source.available();
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        byte[] bytes = new byte[length("string")];
        in.readFixed(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes");
        ByteBuffer result = old != null && old.hasArray() && old.capacity() >= length
                ? old.clear()
                : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.arrayOffset(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length("bytes"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return itemCount(in.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return itemCount(in.arrayNext(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return itemCount(in.skipArray(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return itemCount(in.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return itemCount(in.mapNext(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return itemCount(in.skipMap(), "map");
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    private int length(String what) throws IOException {
        long length = in.readLong();
        if (length < 0 || length > remaining()) {
            throw new IOException(what + " length " + length + " does not fit the " + remaining() + " remaining bytes");
        }
        return (int) length;
    }

    private long itemCount(long count, String what) throws IOException {
        if (count < 0 || count > remaining()) {
            throw new IOException(what + " block of " + count + " items does not fit the " + remaining()
                    + " remaining bytes");
        }
        return count;
    }
}
