package dev.fleetinference.modelregistry.catalog;

import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Every model version's latest state, as the catalog topic says, and the rules for changing it.
 * Pure: it computes the records a change needs, and learns of them only by {@link #apply}.
 */
final class CatalogState {

    private final Map<String, NavigableMap<Integer, ModelVersion>> models = new TreeMap<>();
    // Remembered past tombstones and unreadable records, so no version number is ever given out twice:
    // a new record under a number in use would share its key, and compaction would delete the old one.
    private final Map<String, Integer> highestVersions = new HashMap<>();

    synchronized void apply(CatalogEntry entry) {
        entry.version().ifPresentOrElse(this::apply, () -> remove(entry.key()));
    }

    /** Takes note of a record whose value could not be read: its key still names a version number in use. */
    synchronized void reserve(String key) {
        VersionKey.parse(key).ifPresent(k -> highestVersions.merge(k.name(), k.version(), Math::max));
    }

    private void apply(ModelVersion version) {
        models.computeIfAbsent(version.getName(), n -> new TreeMap<>()).put(version.getVersion(), version);
        highestVersions.merge(version.getName(), version.getVersion(), Math::max);
    }

    private void remove(String key) {
        VersionKey.parse(key).ifPresent(k -> {
            NavigableMap<Integer, ModelVersion> versions = models.get(k.name());
            if (versions == null) {
                return;
            }
            versions.remove(k.version());
            if (versions.isEmpty()) {
                models.remove(k.name());
            }
        });
    }

    /** The number the next upload of {@code name} gets: 1 for a new name, else one past the highest ever seen. */
    synchronized int nextVersion(String name) {
        return highestVersions.getOrDefault(name, 0) + 1;
    }

    synchronized List<ModelSummary> summaries() {
        List<ModelSummary> summaries = new ArrayList<>();
        models.forEach((name, versions) -> summaries.add(new ModelSummary(name, versions.lastKey(),
                productionOf(versions).map(v -> OptionalInt.of(v.getVersion())).orElse(OptionalInt.empty()))));
        return summaries;
    }

    synchronized List<ModelVersion> versions(String name) {
        return List.copyOf(versionsOf(name).values());
    }

    synchronized ModelVersion version(String name, int version) {
        ModelVersion found = versionsOf(name).get(version);
        if (found == null) {
            throw new UnknownModelException(name, version);
        }
        return found;
    }

    synchronized Optional<ModelVersion> production(String name) {
        return productionOf(versionsOf(name));
    }

    /**
     * The records that move {@code version} of {@code name} to {@code stage}, in the order they must
     * be written: promoting to PRODUCTION first archives the version now in production, so a reader
     * of the topic never sees two. Empty if the version already has that stage.
     */
    synchronized List<ModelVersion> stageChange(String name, int version, ModelStage stage) {
        ModelVersion target = version(name, version);
        if (target.getStage() == stage) {
            return List.of();
        }
        List<ModelVersion> records = new ArrayList<>();
        if (stage == ModelStage.PRODUCTION) {
            versionsOf(name).values().stream()
                    .filter(v -> v.getStage() == ModelStage.PRODUCTION)
                    .forEach(v -> records.add(withStage(v, ModelStage.ARCHIVED)));
        }
        records.add(withStage(target, stage));
        return records;
    }

    private NavigableMap<Integer, ModelVersion> versionsOf(String name) {
        NavigableMap<Integer, ModelVersion> versions = models.get(name);
        if (versions == null) {
            throw new UnknownModelException(name);
        }
        return versions;
    }

    // Only one version is ever written as PRODUCTION at a time; the newest wins should a topic say otherwise.
    private static Optional<ModelVersion> productionOf(NavigableMap<Integer, ModelVersion> versions) {
        return versions.descendingMap().values().stream().filter(v -> v.getStage() == ModelStage.PRODUCTION).findFirst();
    }

    private static ModelVersion withStage(ModelVersion version, ModelStage stage) {
        return ModelVersion.newBuilder(version).setStage(stage).build();
    }

    /** A record key, {@code <name>:<version>}, taken apart. */
    private record VersionKey(String name, int version) {

        static Optional<VersionKey> parse(String key) {
            int colon = key == null ? -1 : key.lastIndexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(new VersionKey(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
