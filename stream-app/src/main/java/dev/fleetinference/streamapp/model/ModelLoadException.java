package dev.fleetinference.streamapp.model;

import dev.fleetinference.modelregistry.client.ModelRegistryException;
import dev.fleetinference.schemas.ModelVersion;

/** A model version that could not be made ready to score, naming the version, its digest and why. */
public final class ModelLoadException extends RuntimeException {

    /** Why a version could not be loaded. */
    public enum Reason {
        /** The registry did not answer, refused, or the artifact could not be written to the cache. */
        DOWNLOAD_FAILED(true),
        /** The artifact's sha256 is not the digest the catalog recorded for the version. */
        DIGEST_MISMATCH(true),
        /** The zip is not an acceptable artifact (unsafe entries, no SavedModel, bad {@code fleet-model.json}). */
        INVALID_ARTIFACT(false),
        /** The model's inputs or outputs are not what its registered signature says, or not what the pipeline feeds. */
        SIGNATURE_MISMATCH(false),
        /** TensorFlow could not load the SavedModel or score a warm-up batch with it. */
        NOT_LOADABLE(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether trying the same version again later may succeed; the others need a different version. */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;
    private final String name;
    private final int version;
    private final String digest;

    ModelLoadException(Reason reason, String name, int version, String digest, String problem, Throwable cause) {
        super("cannot load " + ModelSpec.describe(name, version, digest) + ": " + problem, cause);
        this.reason = reason;
        this.name = name;
        this.version = version;
        this.digest = digest;
    }

    ModelLoadException(Reason reason, ModelVersion version, String problem, Throwable cause) {
        this(reason, version.getName(), version.getVersion(), version.getDigest(), problem, cause);
    }

    ModelLoadException(Reason reason, ModelSpec spec, String problem, Throwable cause) {
        this(reason, spec.name(), spec.version(), spec.digest(), problem, cause);
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the registry did not answer or answered with a server error: it may be back any moment. */
    public boolean registryUnavailable() {
        return getCause() instanceof ModelRegistryException registry && registry.isUnavailable();
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    /** The digest the catalog recorded for the version. */
    public String digest() {
        return digest;
    }
}
