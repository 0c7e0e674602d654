package dev.fleetinference.modelregistry.api;

import dev.fleetinference.modelregistry.artifacts.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/** Checks a request's {@code Authorization: Bearer <token>} against the tokens that may make it. */
final class BearerAuth {

    /** What a request's credentials amount to. */
    enum Outcome {
        ALLOWED,
        /** No bearer token at all: answer 401 and say how to authenticate. */
        MISSING,
        /** A bearer token that is not one of the accepted ones: answer 403. */
        WRONG
    }

    private static final String SCHEME = "bearer ";

    private final List<byte[]> acceptedHashes;

    BearerAuth(String token) {
        this(List.of(token));
    }

    /** Accepts any of {@code tokens} (the read token and the write token, for reads). */
    BearerAuth(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("at least one token must be accepted");
        }
        this.acceptedHashes = tokens.stream().map(BearerAuth::hash).toList();
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
        // Comparing fixed-length hashes in constant time leaks neither the content nor the length of the token;
        // every accepted hash is compared, so the time does not say which one matched either.
        byte[] given = hash(token);
        boolean allowed = false;
        for (byte[] accepted : acceptedHashes) {
            allowed |= MessageDigest.isEqual(given, accepted);
        }
        return allowed ? Outcome.ALLOWED : Outcome.WRONG;
    }

    private static byte[] hash(String token) {
        return Sha256.newDigest().digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
