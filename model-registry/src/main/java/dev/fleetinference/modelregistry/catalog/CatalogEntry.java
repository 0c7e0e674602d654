package dev.fleetinference.modelregistry.catalog;

import dev.fleetinference.schemas.ModelVersion;
import java.util.Optional;

/**
 * One record read from the catalog topic.
 *
 * @param key     {@code <name>:<version>}
 * @param offset  its offset in the topic's single partition
 * @param version the version's state as of this record; empty for a tombstone (the version was removed)
 */
public record CatalogEntry(String key, long offset, Optional<ModelVersion> version) {
}
