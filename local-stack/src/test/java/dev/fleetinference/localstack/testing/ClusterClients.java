package dev.fleetinference.localstack.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients a cluster test needs, against one cluster: an admin, an acks=all writer, a committed reader. */
public final class ClusterClients {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Map<String, String> settings;

    /** Clients of a plaintext cluster. */
    public ClusterClients(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** Clients that add {@code settings} to their own, e.g. a secured cluster's login as one user. */
    public ClusterClients(String bootstrapServers, Map<String, String> settings) {
        this.bootstrapServers = bootstrapServers;
        this.settings = Map.copyOf(settings);
    }

    /** An admin client the caller closes. */
    public Admin admin() {
        return Admin.create(config(Map.of()));
    }

    /** Creates {@code topic} with the cluster's replication and returns its partition 0. */
    public TopicPartition createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return new TopicPartition(topic, 0);
    }

    /** What the cluster says of {@code topic}: its partitions, their replicas and in-sync replicas. */
    public TopicDescription describe(String topic) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .get(topic);
        }
    }

    /** Writes {@code values} to {@code topic} (acks=all, idempotent), each acknowledged before the next. */
    public void produce(String topic, List<String> values) throws Exception {
        try (var producer = new KafkaProducer<>(config(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** Every committed value in {@code partition}, from its start to its end now. */
    public List<String> readAll(TopicPartition partition) {
        try (var consumer = new KafkaConsumer<>(config(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    /** A client's configuration: the bootstrap servers, the login settings, then the client's own. */
    public Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(own);
        return config;
    }
}
