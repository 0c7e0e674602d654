package dev.fleetinference.modelregistry.catalog;

/** Facts about the catalog topic that its writer and its readers share. */
public final class CatalogTopic {

    /** The default topic: compacted, one partition, one record per model version. */
    public static final String DEFAULT_NAME = "_model-registry";

    private CatalogTopic() {
    }

    /** The record key of a version, {@code <name>:<version>}; compaction keeps the latest record per key. */
    public static String key(String name, int version) {
        return name + ":" + version;
    }
}
