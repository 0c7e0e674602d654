package dev.fleetinference.modelregistry.catalog;

/** Where a {@link CatalogReader} delivers the records it reads, in topic order. */
@FunctionalInterface
public interface CatalogSink {

    /** A record the reader could decode, or a tombstone. */
    void accept(CatalogEntry entry);

    /**
     * A record whose value cannot be decoded however often it is read (corrupt, or written with a
     * schema this reader cannot resolve); the reader has logged it and goes on. Its key, when it has
     * the form {@code <name>:<version>}, still says which version it was about. Ignored by default.
     */
    default void unreadable(String key, long offset, RuntimeException reason) {
    }
}
