package dev.fleetinference.localstack.schemaregistry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The registry's durable state: a compacted, single-partition Kafka topic of JSON key/value
 * records, as Confluent's registry keeps it. One partition gives one total order of writes.
 */
final class SchemaLog implements AutoCloseable {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;
    private final TopicPartition partition;
    private final KafkaProducer<String, String> producer;

    private final Map<String, String> clientSettings;

    SchemaLog(String bootstrapServers, String topic, Map<String, String> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientSettings = Map.copyOf(clientSettings);
        this.partition = new TopicPartition(topic, 0);
        this.producer = new KafkaProducer<>(with(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // the producer gives up before append() does, so a write reported as failed is not
                // still being retried in the background
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000,
                ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-" + topic)),
                new StringSerializer(), new StringSerializer());
    }

    // the client's own settings over the pass-through ones (security, say)
    private Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.putAll(own);
        return settings;
    }

    /** Creates the topic (compacted, one partition) unless it exists. */
    void ensureTopic(short replicationFactor) {
        try (Admin admin = Admin.create(with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)))) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.of(replicationFactor))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the schema topic '" + topic + "' on "
                        + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 30 s "
                    + "while creating the schema topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the schema topic", e);
        }
    }

    /** One record of the topic: its JSON key and value (null for a tombstone) and when it was written (ms). */
    record Entry(String key, String value, long timestamp) {}

    /** Feeds every record from the start of the topic to its current end, in order. */
    void replay(Consumer<Entry> apply) {
        try (var consumer = new KafkaConsumer<>(with(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-replay-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    apply.accept(new Entry(record.key(), record.value(), record.timestamp()));
                }
            }
        }
    }

    /** Writes one record and returns its timestamp once the broker has it on every in-sync replica. */
    long append(String key, String value) {
        try {
            return producer.send(new ProducerRecord<>(topic, 0, key, value))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).timestamp();
        } catch (ExecutionException e) {
            throw RegistryException.storeError("write to '" + topic + "' failed: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw RegistryException.storeError("write to '" + topic + "' timed out after " + WRITE_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted while writing to '" + topic + "'", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
