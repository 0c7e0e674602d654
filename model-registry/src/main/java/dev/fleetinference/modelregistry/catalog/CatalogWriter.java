package dev.fleetinference.modelregistry.catalog;

import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/** Appends ModelVersion records (Avro, Confluent wire format) to the catalog topic, one acknowledged write at a time. */
final class CatalogWriter implements AutoCloseable {

    /** How long a write may take before it counts as failed; the producer gives up a little earlier. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Map<String, String> clientSettings;
    private final String topic;
    private final Optional<Short> replicationFactor;
    private final SchemaRegistryClient schemaRegistry;
    private final KafkaProducer<String, ModelVersion> producer;

    CatalogWriter(String bootstrapServers, String topic, Optional<Short> replicationFactor,
                  SchemaRegistryClient schemaRegistry, Map<String, String> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = Map.copyOf(clientSettings);
        this.topic = topic;
        this.replicationFactor = replicationFactor;
        this.schemaRegistry = schemaRegistry;
        int deliveryTimeout = (int) WRITE_TIMEOUT.minusSeconds(5).toMillis();
        this.producer = new KafkaProducer<>(with(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, deliveryTimeout / 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout,
                ProducerConfig.CLIENT_ID_CONFIG, "model-registry-" + topic)),
                new StringSerializer(), new AvroSerializer<>(schemaRegistry, AvroSerdeConfig.forValues()));
    }

    /**
     * Creates the topic (compacted, one partition, the given replication or the cluster's default) unless it
     * exists, checks that an existing one has that shape, and registers the ModelVersion schema
     * under {@code <topic>-value}, so a missing registry fails the start and not the first upload.
     */
    void prepare() {
        try (Admin admin = Admin.create(with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)))) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), replicationFactor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(newTopic)).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                checkShape(admin);
            }
        } catch (ExecutionException e) {
            throw new CatalogUnavailableException("cannot create or inspect the catalog topic '" + topic + "' on "
                    + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CatalogUnavailableException("Kafka at " + bootstrapServers + " did not answer within "
                    + ADMIN_TIMEOUT + " while preparing the catalog topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogUnavailableException("interrupted while preparing the catalog topic '" + topic + "'", e);
        }
        String subject = AvroSerdeConfig.forValues().subject(topic);
        try {
            schemaRegistry.register(subject, ModelVersion.getClassSchema());
        } catch (RuntimeException e) {
            throw new CatalogUnavailableException("cannot register the ModelVersion schema under '" + subject
                    + "': " + e.getMessage(), e);
        }
    }

    // the client's own settings over the pass-through ones (security, say)
    private Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.putAll(own);
        return settings;
    }

    private void checkShape(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic);
        if (description.partitions().size() != 1) {
            throw new IllegalStateException("the catalog topic '" + topic + "' has " + description.partitions().size()
                    + " partitions; it must have exactly one, so that all changes have one order");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all()
                .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            throw new IllegalStateException("the catalog topic '" + topic + "' has cleanup.policy=" + policy
                    + "; it must be 'compact', or old versions would be deleted");
        }
    }

    /** Writes one version's state and returns once every in-sync replica has it. */
    void append(ModelVersion version) {
        String key = CatalogTopic.key(version.getName(), version.getVersion());
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, version))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CatalogUnavailableException("writing " + key + " to '" + topic + "' failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CatalogUnavailableException("writing " + key + " to '" + topic + "' was not acknowledged within "
                    + WRITE_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogUnavailableException("interrupted while writing " + key + " to '" + topic + "'", e);
        } catch (RuntimeException e) {
            // the serializer's schema registry call fails here, before anything reaches Kafka
            throw new CatalogUnavailableException("cannot write " + key + " to '" + topic + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
