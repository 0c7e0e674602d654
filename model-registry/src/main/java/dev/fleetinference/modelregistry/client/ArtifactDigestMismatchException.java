package dev.fleetinference.modelregistry.client;

import dev.fleetinference.modelregistry.artifacts.Sha256;

/**
 * A downloaded artifact whose size or sha256 is not the one its version records: it was corrupted
 * in the store or on the way, or is not the version's at all, and was not put in place.
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

    /** The digest the version records. */
    public Sha256 expected() {
        return expected;
    }

    /** The digest of what was received (up to where the download stopped, if it was too long). */
    public Sha256 actual() {
        return actual;
    }
}
