package dev.fleetinference.localstack.schemaregistry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks a request's {@code Authorization: Basic ...} against the registry's users, in constant time. */
final class BasicAuth {

    private static final String SCHEME = "basic ";

    /** The sha256 of each user's "user:password". */
    private final List<byte[]> acceptedHashes;

    /** {@code users}: user name to password; at least one. */
    BasicAuth(Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("at least one user must be configured");
        }
        this.acceptedHashes = users.entrySet().stream().map(user -> hash(user.getKey() + ":" + user.getValue()))
                .toList();
    }

    /** Whether the header holds the credentials of a configured user. */
    boolean allows(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() <= SCHEME.length()
                || !authorizationHeader.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        String userInfo;
        try {
            userInfo = new String(Base64.getDecoder().decode(authorizationHeader.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Fixed-length hashes compared in constant time, every user's, so the time says neither how much of a
        // password was right nor which user, if any, matched.
        byte[] given = hash(userInfo);
        boolean allowed = false;
        for (byte[] accepted : acceptedHashes) {
            allowed |= MessageDigest.isEqual(given, accepted);
        }
        return allowed;
    }

    private static byte[] hash(String userInfo) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(userInfo.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
