package dev.fleetinference.devices.signing;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proof that an event comes from its device: HMAC-SHA256 over the record's value bytes, exactly as sent, with the
 * device's {@link SigningKey}, in the record header {@link #HEADER}. Kafka does not tell a consumer which principal
 * produced a record, so this is what binds an event to its device; the value holds the deviceId, so a signature
 * made with one device's key cannot pass for another device's event. A device signs the bytes its serializer wrote,
 * in any language, with no canonical form to agree on.
 */
public final class EventSignature {

    /** The record header that carries the signature (32 raw bytes). */
    public static final String HEADER = "fleet.signature";
    private static final String ALGORITHM = "HmacSHA256";

    private EventSignature() {
    }

    /** The signature of {@code value} under {@code key}. */
    public static byte[] sign(SigningKey key, byte[] value) {
        Mac mac = mac(key);
        return mac.doFinal(value);
    }

    /** Whether {@code signature} is {@code value}'s under {@code key}, compared in constant time. */
    public static boolean verify(SigningKey key, byte[] value, byte[] signature) {
        return signature != null && MessageDigest.isEqual(sign(key, value), signature);
    }

    private static Mac mac(SigningKey key) {
        try {
            // a Mac is not thread-safe and cheap to make: one per call
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.bytes(), ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }
}
