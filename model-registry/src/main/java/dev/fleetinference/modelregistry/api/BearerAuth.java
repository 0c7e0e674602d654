package dev.fleetinference.modelregistry.api;

import dev.fleetinference.modelregistry.artifacts.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/** Checks the {@code Authorization: Bearer <token>} of a write against the configured token. */
final class BearerAuth {

    /** What a request's credentials amount to. */
    enum Outcome {
        ALLOWED,
        /** No bearer token at all: answer 401 and say how to authenticate. */
        MISSING,
        /** A bearer token that is not the right one: answer 403. */
        WRONG
    }

    private static final String SCHEME = "bearer ";

    private final byte[] expectedHash;

    BearerAuth(String token) {
        this.expectedHash = hash(token);
    }

    Outcome check(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < SCHEME.length()
                || !authorizationHeader.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Outcome.MISSING;
        }
        String token = authorizationHeader.substring(SCHEME.length()).strip();
        if (token.isEmpty()) {
            return Outcome.MISSING;
        }
        // Comparing fixed-length hashes in constant time leaks neither the content nor the length of the token.
        return MessageDigest.isEqual(hash(token), expectedHash) ? Outcome.ALLOWED : Outcome.WRONG;
    }

    private static byte[] hash(String token) {
        return Sha256.newDigest().digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
