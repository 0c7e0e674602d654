package dev.fleetinference.devices.signing;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A device's value serializer: writes the value with {@code inner}, then signs the bytes written with the key of the
 * device the value names ({@link EventSignature}). A value of a device without a key is written unsigned, which the
 * pipeline dead-letters as {@code unauthenticated}: tests and the demo send such events on purpose.
 *
 * @param <T> the values, FeatureEvents for the pipeline
 */
public final class SigningSerializer<T> implements Serializer<T> {

    private final Serializer<T> inner;
    private final Function<T, String> deviceOf;
    private final Function<String, Optional<SigningKey>> keys;

    /**
     * @param inner    writes the value's bytes
     * @param deviceOf the deviceId a value speaks for
     * @param keys     the signing key of a deviceId, if this writer holds it
     */
    public SigningSerializer(Serializer<T> inner, Function<T, String> deviceOf,
                             Function<String, Optional<SigningKey>> keys) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.deviceOf = Objects.requireNonNull(deviceOf, "deviceOf");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** A serializer that signs every value with one device's key: what a real device holds. */
    public static <T> SigningSerializer<T> forDevice(Serializer<T> inner, SigningKey key) {
        return new SigningSerializer<>(inner, value -> "", deviceId -> Optional.of(key));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        throw new SerializationException("a signed value needs its record's headers: the producer passes them");
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        byte[] bytes = inner.serialize(topic, headers, data);
        if (data == null || bytes == null) {
            return bytes;
        }
        Optional<SigningKey> key = keys.apply(deviceOf.apply(data));
        if (key.isPresent()) {
            headers.remove(EventSignature.HEADER);
            headers.add(EventSignature.HEADER, EventSignature.sign(key.get(), bytes));
        }
        return bytes;
    }

    @Override
    public void close() {
        inner.close();
    }
}
