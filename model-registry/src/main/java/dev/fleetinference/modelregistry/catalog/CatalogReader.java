package dev.fleetinference.modelregistry.catalog;

import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryException;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the catalog topic from its beginning: {@link #catchUp} to its current end (how the registry
 * rebuilds its state at start), then {@link #poll} for what comes after (how a scoring instance
 * learns of promotions). It belongs to one thread at a time, as a Kafka consumer does.
 *
 * <p>A promotion is two records: the version in production ARCHIVED, then the new one PRODUCTION.
 * A follower that has seen the first but not (yet) the second must keep serving the version it
 * serves: the second record may still come, or, if writing it failed, the registry writes the old
 * version's PRODUCTION record back. Should two versions ever be PRODUCTION, the newest one is.
 *
 * <p>A record that cannot be decoded is skipped (and reported to {@link CatalogSink#unreadable}).
 * A schema registry that cannot be asked is not the record's fault: then reading stops with
 * {@link CatalogUnavailableException} before that record, and the next call starts with it again.
 */
public final class CatalogReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogReader.class);

    private final String topic;
    private final TopicPartition partition;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<ModelVersion> values;

    public CatalogReader(String bootstrapServers, String topic, SchemaRegistryClient schemaRegistry) {
        this(bootstrapServers, topic, schemaRegistry, Map.of());
    }

    /**
     * A reader whose consumer also gets {@code clientSettings} (security, say); the settings this reader depends on
     * (bootstrap servers, offsets, isolation) are its own and win.
     */
    public CatalogReader(String bootstrapServers, String topic, SchemaRegistryClient schemaRegistry,
                         Map<String, ?> clientSettings) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.values = AvroDeserializer.forSpecific(schemaRegistry, ModelVersion.class, AvroSerdeConfig.forValues());
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "model-catalog-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /**
     * Delivers every record up to the topic's end offset as of this call, in order, and returns
     * how many there were. Fails with {@link CatalogUnavailableException} if that takes longer
     * than {@code timeout}.
     */
    public long catchUp(Duration timeout, CatalogSink sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long delivered = 0;
        try {
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new CatalogUnavailableException("could not read '" + topic + "' to its end (offset "
                            + end + ") within " + timeout + "; stopped at " + consumer.position(partition), null);
                }
                delivered += poll(Duration.ofMillis(200), sink);
            }
        } catch (KafkaException e) {
            throw new CatalogUnavailableException("could not read '" + topic + "': " + e.getMessage(), e);
        }
        return delivered;
    }

    /**
     * Waits up to {@code timeout} for new records, delivers them in order and returns how many there
     * were (unreadable ones not counted). Fails with {@link CatalogUnavailableException} if the schema
     * registry cannot be asked, having delivered the records before the one it was needed for.
     */
    public int poll(Duration timeout, CatalogSink sink) {
        int delivered = 0;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            Optional<ModelVersion> version;
            try {
                version = Optional.ofNullable(values.deserialize(topic, record.value()));
            } catch (RuntimeException e) {
                if (isRegistryFailure(e)) {
                    // Skipping would lose this record for good: rewind to it, so the next call reads it again.
                    consumer.seek(partition, record.offset());
                    throw new CatalogUnavailableException("cannot read the record at offset " + record.offset()
                            + " of '" + topic + "' (key " + record.key() + ") while the schema registry fails: "
                            + e.getMessage(), e);
                }
                // one undecodable record (another tool's, say) must not stop the registry or a scorer
                log.warn("skipping unreadable record at offset {} of '{}' (key {}): {}",
                        record.offset(), topic, record.key(), e.getMessage());
                sink.unreadable(record.key(), record.offset(), e);
                continue;
            }
            sink.accept(new CatalogEntry(record.key(), record.offset(), version));
            delivered++;
        }
        return delivered;
    }

    /** The offset of the next record this reader will deliver. */
    public long position() {
        return consumer.position(partition);
    }

    /**
     * True if decoding failed because the schema registry gave no answer about the record's schema:
     * unreachable, a 5xx, refused credentials. That says nothing about the record. A 404 (no such
     * schema id), a schema this reader cannot use, or bytes that do not decode do: the record is bad.
     */
    static boolean isRegistryFailure(Throwable decodingFailure) {
        for (Throwable cause = decodingFailure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryException registry) {
                boolean answered = registry.httpStatus() >= 200 && registry.httpStatus() < 300;
                return !answered && !registry.isNotFound();
            }
        }
        return false;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
