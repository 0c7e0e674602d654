package dev.fleetinference.modelregistry.client;

import dev.fleetinference.modelregistry.artifacts.Sha256;

/**
 * A downloaded artifact whose sha256 is not the one the registry recorded for its version: it was
 * corrupted in the store or on the way, and was not put in place.
 */
public final class ArtifactDigestMismatchException extends RuntimeException {

    private final String name;
    private final int version;
    private final Sha256 expected;
    private final Sha256 actual;

    public ArtifactDigestMismatchException(String message, String name, int version, Sha256 expected, Sha256 actual) {
        super(message);
        this.name = name;
        this.version = version;
        this.expected = expected;
        this.actual = actual;
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    /** The digest the registry recorded for the version. */
    public Sha256 expected() {
        return expected;
    }

    /** The digest of what was received. */
    public Sha256 actual() {
        return actual;
    }
}
