package dev.fleetinference.simulator.fleet;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import org.apache.kafka.common.serialization.Serializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** How the simulated fleet's Kafka clients are set up: one shared producer, the predictions reader, the watcher. */
final class FleetClients {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private FleetClients() {
    }

    /**
     * The producer every device shares: each event acknowledged by all in-sync replicas, written once, and either
     * delivered or counted as a send failure within {@link #DELIVERY_TIMEOUT}, so the end of a run never waits
     * longer than that for Kafka.
     */
    static KafkaProducer<String, FeatureEvent> producer(String bootstrapServers, Map<String, String> clientSettings,
                                                         Serializer<FeatureEvent> serializer) {
        return new KafkaProducer<>(with(clientSettings, Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "fleet-simulator-events",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // one request at a time: a broker that has just been told it leads a new partition may refuse the
                // first request and accept the next ones before the refused one is retried; pipelined, that retry
                // then fails as out of order until the delivery timeout (seen with the events topic created a
                // moment before the run)
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                // devices send independently, so no event waits for others to fill a batch; records still
                // batch up on their own while earlier requests are in flight
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // a request the broker leaves unanswered is sent again after 10 s, not 30 (idempotence makes the
                // second copy harmless); the run's final flush then returns within the delivery timeout
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis())),
                new StringSerializer(), serializer);
    }

    /** The consumer that reads the devices' predictions topics: committed records only, never creating a topic. */
    static KafkaConsumer<String, Prediction> predictionsConsumer(String bootstrapServers,
                                                                 Map<String, String> clientSettings,
                                                                 SchemaRegistryClient registry) {
        return new KafkaConsumer<>(with(clientSettings, Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "fleet-simulator-predictions",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                // positions are set explicitly; this only applies if one falls out of the retained range
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new StringDeserializer(),
                AvroDeserializer.forSpecific(registry, Prediction.class, AvroSerdeConfig.forValues()));
    }

    /** A consumer used only to look topics up: it never polls, and never creates the topics it asks about. */
    static KafkaConsumer<byte[], byte[]> metadataConsumer(String bootstrapServers, Map<String, String> clientSettings) {
        return new KafkaConsumer<>(with(clientSettings, Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "fleet-simulator-topic-watcher",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    // the client's own settings over the fleet's (security); no group: every reader here assigns its partitions
    private static Map<String, Object> with(Map<String, String> clientSettings, Map<String, ?> own) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.keySet().removeIf(key -> key.startsWith("group."));
        settings.putAll(own);
        return settings;
    }
}
