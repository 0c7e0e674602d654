package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.localstack.SchemaRegistryCredentials;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's clients of the stack: an admin client for the rounds' topics, the serdes, and the producers each
 * round makes (one that pre-loads events in large batches, one that sends paced events as devices do).
 */
final class BenchCluster implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LEADER_CHECK_PAUSE = Duration.ofMillis(20);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** A device's predictions topic as the stream app creates it by default (PredictionTopicSpec.defaults()). */
    private static final Map<String, String> PREDICTIONS_TOPIC_CONFIG = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis()),
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final String modelRegistryUrl;
    private final Map<String, String> clientSettings;
    private final Optional<String> modelRegistryReadToken;
    private final Optional<String> schemaRegistryUserInfo;
    private final Admin admin;
    private final AvroSerializer<FeatureEvent> events;
    private final AvroDeserializer<Prediction> predictions;

    /** The clients of {@code stack}, as its admin: a super user on a secured stack. */
    BenchCluster(LocalStack stack) {
        this.bootstrapServers = stack.bootstrapServers();
        this.schemaRegistryUrl = stack.schemaRegistryUrl();
        this.modelRegistryUrl = stack.modelRegistryUrl();
        this.clientSettings = stack.adminClientSettings();
        this.modelRegistryReadToken = stack.modelRegistryReadToken();
        this.schemaRegistryUserInfo = stack.schemaRegistryCredentials().map(SchemaRegistryCredentials::userInfo);
        SchemaRegistryClientConfig registryConfig = SchemaRegistryClientConfig.of(schemaRegistryUrl);
        SchemaRegistryClient registry = new SchemaRegistryClient(schemaRegistryUserInfo
                .map(registryConfig::withBasicAuth).orElse(registryConfig));
        this.events = new AvroSerializer<>(registry, AvroSerdeConfig.forValues());
        this.predictions = AvroDeserializer.forSpecific(registry, Prediction.class, AvroSerdeConfig.forValues());
        this.admin = Admin.create(settings(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "bench-admin")));
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    String modelRegistryUrl() {
        return modelRegistryUrl;
    }

    /** Whether the stack is secured: then the pipeline runs as its own principal, and devices have ACLs. */
    boolean secured() {
        return !clientSettings.isEmpty();
    }

    /** The admin's Kafka client settings (security): empty on an open stack. */
    Map<String, String> clientSettings() {
        return clientSettings;
    }

    /** The token the model registry's reads need, on a secured stack. */
    Optional<String> modelRegistryReadToken() {
        return modelRegistryReadToken;
    }

    /** The basic auth the schema registry's writes need, on a secured stack. */
    Optional<String> schemaRegistryUserInfo() {
        return schemaRegistryUserInfo;
    }

    /** {@code own} over the admin's security settings: every client of the benchmark's own is the admin. */
    Map<String, Object> settings(Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.putAll(own);
        return settings;
    }

    /** A producer that pre-loads events in large batches; one per round, so no round's deleted topics linger in it. */
    KafkaProducer<String, byte[]> bulkProducer() {
        return new KafkaProducer<>(settings(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-preload",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                // a broker that does not answer fails the round in 30 s (it is retried once), not in 2 minutes
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A producer that sends as the simulated devices do: no event waits for others to fill a batch. */
    KafkaProducer<String, byte[]> pacedProducer() {
        return new KafkaProducer<>(settings(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-devices",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** An event in the Confluent wire format, as a device's serializer writes it to {@code topic}. */
    byte[] serialize(String topic, FeatureEvent event) {
        return events.serialize(topic, event);
    }

    Admin admin() {
        return admin;
    }

    AvroDeserializer<Prediction> predictions() {
        return predictions;
    }

    /** Creates the events topic and the devices' predictions topics (as the stream app would) and waits for them. */
    void createTopics(String eventsTopic, int partitions, Collection<String> predictionTopics) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(eventsTopic, Optional.of(partitions), Optional.empty()));
        predictionTopics.forEach(topic -> topics.add(new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(PREDICTIONS_TOPIC_CONFIG)));
        await("create the topics of " + eventsTopic, () -> admin.createTopics(topics).all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        // created is not yet led: the broker takes the new partitions' leadership a moment after the controller
        // answers, and until then refuses a produce request; an idempotent producer whose later requests were
        // accepted meanwhile then fails its retry as out of order until the delivery timeout
        List<String> names = topics.stream().map(NewTopic::name).toList();
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (!allLed(names)) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException("the topics of " + eventsTopic + " have no leader after "
                        + ADMIN_TIMEOUT.toSeconds() + " s");
            }
            LockSupport.parkNanos(LEADER_CHECK_PAUSE.toNanos());
        }
    }

    // the leader answers for a partition's offsets once it has the partition's log
    private boolean allLed(List<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .values().forEach(topic -> topic.partitions().forEach(partition -> partitions.put(
                            new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
            admin.listOffsets(partitions).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw new BenchFailedException("could not look the topics up: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new BenchFailedException("could not look the topics up: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailedException("interrupted while looking the topics up", e);
        }
    }

    /** The input offsets {@code group} has committed on {@code topic}, by partition. */
    Map<Integer, Long> committedOffsets(String group, String topic) {
        Map<Integer, Long> committed = new TreeMap<>();
        await("read the committed offsets of " + group, () -> {
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).forEach((partition, offset) -> {
                        if (partition.topic().equals(topic) && offset != null) {
                            committed.put(partition.partition(), offset.offset());
                        }
                    });
            return null;
        });
        return committed;
    }

    /** Each partition's end offset on {@code topic}: where its next record will go. */
    Map<Integer, Long> endOffsets(String topic) {
        Map<Integer, Long> ends = new TreeMap<>();
        await("read the end offsets of " + topic, () -> {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().forEach(partition -> partitions.put(
                            new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
            admin.listOffsets(partitions).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, offset) -> ends.put(partition.partition(), offset.offset()));
            return null;
        });
        return ends;
    }

    /**
     * Deletes every topic whose name starts with {@code prefix} (a round's topics, the app's changelog among them)
     * and, on a secured stack, every ACL on such a name, so that no run leaves the next ones more ACLs to scan.
     */
    void deleteTopics(String prefix) {
        if (secured()) {
            await("delete the ACLs of " + prefix, () -> {
                List<AclBindingFilter> round = admin.describeAcls(AclBindingFilter.ANY).values()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                        .filter(acl -> acl.pattern().name().startsWith(prefix)).map(AclBinding::toFilter).toList();
                if (!round.isEmpty()) {
                    admin.deleteAcls(round).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                return null;
            });
        }
        await("delete the topics starting with " + prefix, () -> {
            Set<String> topics = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .stream().filter(name -> name.startsWith(prefix)).collect(Collectors.toSet());
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return null;
        });
    }

    @Override
    public void close() {
        admin.close(CLOSE_TIMEOUT);
    }

    private interface AdminCall {
        Object call() throws InterruptedException, ExecutionException, TimeoutException;
    }

    private static void await(String what, AdminCall call) {
        try {
            call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailedException("interrupted while trying to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailedException("could not " + what + ": " + e.getMessage(), e);
        }
    }
}
