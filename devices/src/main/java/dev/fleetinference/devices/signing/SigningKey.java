package dev.fleetinference.devices.signing;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/** A device's secret key for signing its events: 32 random bytes, shown and stored as base64. */
public final class SigningKey {

    /** The key's length: that of HMAC-SHA256's output, as RFC 2104 advises. */
    public static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private SigningKey(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a signing key has " + LENGTH + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** A new key from a cryptographically strong source. */
    public static SigningKey random() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new SigningKey(bytes);
    }

    /** The key {@link #base64()} wrote. */
    public static SigningKey fromBase64(String text) {
        try {
            return new SigningKey(Base64.getDecoder().decode(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a signing key (" + LENGTH + " bytes in base64): " + e.getMessage(), e);
        }
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningKey key && java.security.MessageDigest.isEqual(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    // a key in a log line is a leaked key
    @Override
    public String toString() {
        return "SigningKey[****]";
    }
}
