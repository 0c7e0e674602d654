package dev.fleetinference.modelregistry.catalog;

import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.schemas.InputSignature;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's model versions: rebuilt from the catalog topic at start, and changed only by
 * writing to it first. A change is applied here after Kafka has acknowledged it, so what this
 * answers is what the topic says. It is the topic's one writer; run one registry per topic.
 */
public final class ModelCatalog implements AutoCloseable {

    /** How long a start may spend reading the topic to its end. */
    public static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

    private final String bootstrapServers;
    private final Map<String, String> clientSettings;
    private final String topic;
    private final SchemaRegistryClient schemaRegistry;
    private final CatalogWriter writer;
    private final Clock clock;
    // Writers take turns, so the records computed from the state are still right when written;
    // readers only touch the state, which is never held across a Kafka call.
    private final Object writeTurn = new Object();
    private volatile CatalogState state;
    private boolean stale;

    private ModelCatalog(String bootstrapServers, String topic, SchemaRegistryClient schemaRegistry,
                         CatalogWriter writer, Clock clock, Map<String, String> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = clientSettings;
        this.topic = topic;
        this.schemaRegistry = schemaRegistry;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Prepares the topic (creating it if missing, with {@code replicationFactor} copies or the cluster's default),
     * replays it to its end and returns the catalog it describes.
     */
    public static ModelCatalog open(String bootstrapServers, String topic, Optional<Short> replicationFactor,
                                    SchemaRegistryClient schemaRegistry, Clock clock) {
        return open(bootstrapServers, topic, replicationFactor, schemaRegistry, clock, Map.of());
    }

    /** {@link #open(String, String, Optional, SchemaRegistryClient, Clock)} with its clients' further settings. */
    public static ModelCatalog open(String bootstrapServers, String topic, Optional<Short> replicationFactor,
                                    SchemaRegistryClient schemaRegistry, Clock clock,
                                    Map<String, String> clientSettings) {
        CatalogWriter writer = new CatalogWriter(bootstrapServers, topic, replicationFactor, schemaRegistry,
                clientSettings);
        try {
            writer.prepare();
            ModelCatalog catalog = new ModelCatalog(bootstrapServers, topic, schemaRegistry, writer, clock,
                    clientSettings);
            catalog.state = catalog.replay();
            return catalog;
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** Records a new version of {@code name} (stage NONE) for an artifact already in the store. */
    public ModelVersion register(String name, Sha256 digest, long sizeBytes, ModelMetadata metadata) {
        ModelNames.check(name);
        synchronized (writeTurn) {
            CatalogState current = currentState();
            ModelVersion version = ModelVersion.newBuilder()
                    .setName(name)
                    .setVersion(current.nextVersion(name))
                    .setDigest(digest.hex())
                    .setSizeBytes(sizeBytes)
                    .setInputSignature(InputSignature.newBuilder()
                            .setFeatureNames(metadata.featureNames())
                            .setDtype(metadata.dtype())
                            .setShape(metadata.inputShape())
                            .build())
                    .setOutputNames(metadata.outputNames())
                    .setThreshold(metadata.threshold().orElse(null))
                    .setStage(ModelStage.NONE)
                    .setCreatedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                    .setTrainingMetrics(metadata.metrics())
                    .build();
            write(current, List.of(version));
            log.info("registered {} version {} (sha256 {}, {} bytes)", name, version.getVersion(), digest, sizeBytes);
            return version;
        }
    }

    /**
     * Moves a version to {@code stage} and returns it as changed. Promoting to PRODUCTION archives
     * the version in production first; promoting an older version is how to roll back.
     *
     * <p>So a promotion is two writes, and between them the model has no PRODUCTION version: readers
     * of the topic must keep serving the version they serve until the new one's PRODUCTION record
     * arrives (see {@link CatalogReader}). If that second write fails, the old version's PRODUCTION
     * record is written back (if that fails too, it is logged) and the failure is thrown.
     */
    public ModelVersion setStage(String name, int version, ModelStage stage) {
        synchronized (writeTurn) {
            CatalogState current = currentState();
            List<ModelVersion> records = current.stageChange(name, version, stage);
            Optional<ModelVersion> replaced = stage == ModelStage.PRODUCTION && !records.isEmpty()
                    ? current.production(name) : Optional.empty();
            try {
                write(current, records);
            } catch (CatalogUnavailableException e) {
                replaced.ifPresent(previous -> restoreProduction(current, previous, e));
                throw e;
            }
            records.forEach(r -> log.info("{} version {} is now {}", r.getName(), r.getVersion(), r.getStage()));
            return current.version(name, version);
        }
    }

    public List<ModelSummary> models() {
        return state.summaries();
    }

    /** The versions of {@code name}, oldest first; {@link UnknownModelException} if there is no such model. */
    public List<ModelVersion> versions(String name) {
        return state.versions(name);
    }

    /** One version; {@link UnknownModelException} if the model or the version does not exist. */
    public ModelVersion version(String name, int version) {
        return state.version(name, version);
    }

    /** The version of {@code name} in production, if any; {@link UnknownModelException} if there is no such model. */
    public Optional<ModelVersion> production(String name) {
        return state.production(name);
    }

    @Override
    public void close() {
        writer.close();
    }

    private void write(CatalogState current, List<ModelVersion> records) {
        for (ModelVersion record : records) {
            try {
                writer.append(record);
            } catch (CatalogUnavailableException e) {
                // A timed-out write may still land; the next write first rereads the topic to learn whether it did.
                stale = true;
                throw e;
            }
            current.apply(new CatalogEntry(CatalogTopic.key(record.getName(), record.getVersion()), -1,
                    Optional.of(record)));
        }
    }

    // Best effort: the promotion has failed either way, but a model left with no version in production
    // is worse than the one it had. Only needed if the ARCHIVED record of that version was acknowledged.
    // Should the failed write land after all (a timeout), both are PRODUCTION and the newer one wins,
    // as readers are told; the next write rereads the topic first in any case.
    private void restoreProduction(CatalogState current, ModelVersion previous, CatalogUnavailableException failure) {
        String name = previous.getName();
        int version = previous.getVersion();
        if (current.version(name, version).getStage() == ModelStage.PRODUCTION) {
            return;
        }
        try {
            write(current, List.of(previous));
            log.warn("a promotion of {} failed after version {} was archived; version {} is PRODUCTION again",
                    name, version, version);
        } catch (CatalogUnavailableException restoreFailure) {
            failure.addSuppressed(restoreFailure);
            log.error("a promotion of {} failed after version {} was archived, and writing it back as PRODUCTION "
                    + "failed too; {} has no version in production until a promotion succeeds: {}",
                    name, version, name, restoreFailure.getMessage());
        }
    }

    private CatalogState currentState() {
        if (stale) {
            log.warn("a write to '{}' failed earlier; rereading the topic before the next one", topic);
            state = replay();
            stale = false;
        }
        return state;
    }

    private CatalogState replay() {
        CatalogState replayed = new CatalogState();
        try (CatalogReader reader = new CatalogReader(bootstrapServers, topic, schemaRegistry, clientSettings)) {
            long records = reader.catchUp(REPLAY_TIMEOUT, new CatalogSink() {
                @Override
                public void accept(CatalogEntry entry) {
                    replayed.apply(entry);
                }

                @Override
                public void unreadable(String key, long offset, RuntimeException reason) {
                    replayed.reserve(key);
                }
            });
            log.info("model catalog loaded from '{}': {} records, {} models", topic, records, replayed.summaries().size());
        }
        return replayed;
    }
}
