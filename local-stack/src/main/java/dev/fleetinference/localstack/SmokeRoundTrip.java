package dev.fleetinference.localstack;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends FeatureEvents through Kafka and the schema registry and checks that they come back unchanged. */
final class SmokeRoundTrip {

    /** What the round trip saw. */
    record Result(String topic, int sent, int receivedIntact, int schemaId, Duration elapsed) {
        boolean passed() {
            return sent == receivedIntact;
        }
    }

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    /** "user:password" for the schema registry, which registering the FeatureEvent schema needs when secured. */
    private final Optional<String> schemaRegistryUserInfo;

    private final Map<String, String> clientSettings;

    SmokeRoundTrip(String bootstrapServers, String schemaRegistryUrl, Optional<String> schemaRegistryUserInfo,
                   Map<String, String> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = Map.copyOf(clientSettings);
        this.schemaRegistryUrl = schemaRegistryUrl;
        this.schemaRegistryUserInfo = schemaRegistryUserInfo;
    }

    Result run(String topic, int count) throws InterruptedException, ExecutionException {
        long began = System.nanoTime();
        createTopic(topic);
        SchemaRegistryClientConfig registryConfig = SchemaRegistryClientConfig.of(schemaRegistryUrl);
        SchemaRegistryClient registry = new SchemaRegistryClient(schemaRegistryUserInfo
                .map(registryConfig::withBasicAuth).orElse(registryConfig));
        List<FeatureEvent> sent = events(count);
        List<FeatureEvent> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(with(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(),
                AvroDeserializer.forSpecific(registry, FeatureEvent.class, AvroSerdeConfig.forValues()))) {
            // start from the current end: a kept --data-dir holds earlier runs' events
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            send(topic, registry, sent);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            }
        }
        int intact = (int) received.stream().filter(sent::contains).count();
        int schemaId = registry.latest(topic + "-value").id();
        return new Result(topic, count, intact, schemaId, Duration.ofNanos(System.nanoTime() - began));
    }

    private void send(String topic, SchemaRegistryClient registry, List<FeatureEvent> events) {
        try (var producer = new KafkaProducer<>(with(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), new AvroSerializer<FeatureEvent>(registry, AvroSerdeConfig.forValues()))) {
            for (FeatureEvent event : events) {
                producer.send(new ProducerRecord<>(topic, event.getDeviceId(), event));
            }
            producer.flush();
        }
    }

    private void createTopic(String topic) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)))) {
            // the cluster's replication: one copy on a single broker, three on three
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not create topic '" + topic + "' within 30 s", e);
        }
    }

    // the client's own settings over the stack's (security)
    private Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> settings = new java.util.HashMap<>(clientSettings);
        settings.putAll(own);
        return settings;
    }

    private static List<FeatureEvent> events(int count) {
        List<FeatureEvent> events = new ArrayList<>();
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        for (int i = 0; i < count; i++) {
            events.add(FeatureEvent.newBuilder()
                    .setDeviceId("smoke-device-" + (i % 3))
                    .setEventId(UUID.randomUUID())
                    .setEventTime(now.plusMillis(i))
                    .setFeatures(Map.of("temperature_c", 40f + i, "vibration_rms", 0.5f + i / 10f))
                    .setAttributes(Map.of("firmware", "1.0." + i, "site", "smoke"))
                    .build());
        }
        return events;
    }
}
