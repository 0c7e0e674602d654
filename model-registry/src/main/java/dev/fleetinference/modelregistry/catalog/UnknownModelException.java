package dev.fleetinference.modelregistry.catalog;

import java.util.OptionalInt;

/** A model name, or a version of it, that the catalog does not hold. */
public final class UnknownModelException extends RuntimeException {

    private final String name;
    private final OptionalInt version;

    public UnknownModelException(String name) {
        super("there is no model named '" + name + "'");
        this.name = name;
        this.version = OptionalInt.empty();
    }

    public UnknownModelException(String name, int version) {
        super("model '" + name + "' has no version " + version);
        this.name = name;
        this.version = OptionalInt.of(version);
    }

    public String name() {
        return name;
    }

    /** The missing version, or empty when the whole model is unknown. */
    public OptionalInt version() {
        return version;
    }
}
