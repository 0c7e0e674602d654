package dev.fleetinference.modelregistry.catalog;

/** The catalog topic could not be read or written in time; the change it was for did not happen or is unknown. */
public final class CatalogUnavailableException extends RuntimeException {

    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
