package dev.fleetinference.streamapp.model;

import dev.fleetinference.modelregistry.catalog.CatalogEntry;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** Which version of one model the catalog topic says is in PRODUCTION, from the records read so far. */
final class ProductionTracker {

    private final String modelName;
    private final String keyPrefix;
    private final NavigableMap<Integer, ModelVersion> versions = new TreeMap<>();

    ProductionTracker(String modelName) {
        this.modelName = modelName;
        this.keyPrefix = modelName + ":";
    }

    /** Learns one record; records of other models are ignored. */
    void apply(CatalogEntry entry) {
        if (!entry.key().startsWith(keyPrefix)) {
            return;
        }
        entry.version().ifPresentOrElse(version -> {
            if (version.getName().equals(modelName)) {
                versions.put(version.getVersion(), version);
            }
        }, () -> removed(entry.key().substring(keyPrefix.length())));
    }

    /**
     * The version in PRODUCTION; empty if none is. The registry writes one at a time (archiving the
     * old one first); should a topic say otherwise, the newest wins, as in the registry itself.
     */
    Optional<ModelVersion> production() {
        return versions.descendingMap().values().stream().filter(v -> v.getStage() == ModelStage.PRODUCTION).findFirst();
    }

    private void removed(String versionNumber) {
        try {
            versions.remove(Integer.parseInt(versionNumber));
        } catch (NumberFormatException e) {
            // a tombstone for a key the registry never writes: nothing of ours to remove
        }
    }
}
