package dev.fleetinference.modelregistry.artifacts;

import java.util.Locale;
import java.util.Objects;

/** An upload that is not an acceptable model artifact, with the reason and a message for its sender. */
public final class ArtifactRejectedException extends RuntimeException {

    /** Why an artifact was refused. */
    public enum Reason {
        /** The body is not a readable zip archive. */
        NOT_A_ZIP,
        /** An entry name is absolute, climbs out with {@code ..}, or is otherwise unsafe to extract. */
        UNSAFE_ENTRY,
        /** There is no {@code saved_model.pb} at the root of the zip. */
        NO_SAVED_MODEL,
        /** {@code fleet-model.json} is missing or does not describe the model correctly. */
        INVALID_METADATA,
        /** The zip itself is larger than the upload limit. */
        UPLOAD_TOO_LARGE,
        /** The entries inflate to more than the unzipped limit. */
        EXPANDS_TOO_LARGE,
        /** The zip has more entries than allowed. */
        TOO_MANY_ENTRIES;

        /** The reason as a lowercase code, e.g. {@code "unsafe_entry"}, for machine-readable answers. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public ArtifactRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
