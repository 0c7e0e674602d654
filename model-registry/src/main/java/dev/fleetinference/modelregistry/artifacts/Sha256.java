package dev.fleetinference.modelregistry.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A sha256 digest as 64 lowercase hex characters: an artifact's identity and its address in the store.
 *
 * @param hex the digest in lowercase hex
 */
public record Sha256(String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Sha256 {
        // The digest becomes part of a file path in the store, so nothing but hex may pass.
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a sha256 digest is 64 lowercase hex characters, got '" + hex + "'");
        }
    }

    /** The digest of a file's content. */
    public static Sha256 of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return of(digest);
    }

    /** The digest of bytes. */
    public static Sha256 of(byte[] content) {
        return fromDigestBytes(newDigest().digest(content));
    }

    /** The value of a digest that has seen all its input. */
    public static Sha256 of(MessageDigest finished) {
        return fromDigestBytes(finished.digest());
    }

    /** A fresh SHA-256 {@link MessageDigest} to feed while streaming. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Sha256 fromDigestBytes(byte[] digestBytes) {
        return new Sha256(HexFormat.of().formatHex(digestBytes));
    }

    @Override
    public String toString() {
        return hex;
    }
}
