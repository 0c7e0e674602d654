package dev.fleetinference.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.localstack.kafka.KafkaBroker;
import dev.fleetinference.localstack.kafka.KafkaCluster;
import dev.fleetinference.localstack.testing.ClusterClients;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stack on a three-broker cluster: its topics replicated three times, and exactly-once across a broker's crash. */
@WithStack(brokers = 3)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ThreeBrokerStackTest {

    private static final int RECORDS = 3_000;
    private static final int PER_TRANSACTION = 50;

    private static TestStack stack;
    private static KafkaCluster kafka;
    private static ClusterClients clients;

    @BeforeAll
    static void prepare(TestStack testStack) {
        stack = testStack;
        kafka = testStack.kafka();
        clients = new ClusterClients(testStack.bootstrapServers());
    }

    @AfterEach
    void everyBrokerRunsAgain() {
        kafka.brokers().stream().filter(node -> !node.isAlive()).forEach(node -> kafka.restart(node.nodeId()));
    }

    @Test
    void theBootstrapServersListEveryBroker() {
        assertThat(stack.bootstrapServers().split(","))
                .hasSize(3)
                .containsExactlyElementsOf(kafka.brokers().stream().map(KafkaBroker::bootstrapServers).toList());
    }

    @Test
    void bothRegistriesKeepTheirTopicOnAllThreeBrokersAndNeedTwoForAWrite() throws Exception {
        for (String topic : List.of("_schemas", CatalogTopic.DEFAULT_NAME)) {
            TopicDescription description = clients.describe(topic);

            assertThat(description.partitions()).singleElement()
                    .satisfies(partition -> assertThat(partition.replicas()).as(topic + " replicas").hasSize(3));
            assertThat(minInSyncReplicas(topic)).as(topic + " min.insync.replicas").isEqualTo("2");
        }
    }

    @Test
    void aTransactionalWriterAndAReadCommittedReaderSeeEveryRecordOnceAcrossALeadersSigkill() throws Exception {
        String topic = "transactions-across-a-crash";
        TopicPartition first = clients.createTopic(topic, 3);
        AtomicInteger committed = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeInTransactions(topic, committed));
        List<String> seen = new ArrayList<>();
        int killed = -1;
        try (var reader = readCommitted()) {
            List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p)).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!(writer.isDone() && readToTheEnd(reader, partitions)) && System.nanoTime() < deadline) {
                if (killed < 0 && committed.get() >= RECORDS / 3) {
                    killed = kafka.leaderOf(first).orElseThrow().nodeId();
                    kafka.kill(killed);
                }
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                    seen.add(record.value());
                }
            }
        }

        writer.get(10, TimeUnit.SECONDS);
        assertThat(killed).as("the broker killed mid-run").isPositive();
        assertThat(seen).hasSize(RECORDS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, RECORDS).mapToObj(Integer::toString).toList());
        TopicDescription transactionLog = clients.describe("__transaction_state");
        assertThat(transactionLog.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        assertThat(minInSyncReplicas("__transaction_state")).isEqualTo("2");
    }

    /** Writes 0..RECORDS-1 in transactions; one the cluster aborts (a broker died under it) is written again. */
    private static void writeInTransactions(String topic, AtomicInteger committed) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crash-test-" + System.nanoTime(),
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int start = 0; start < RECORDS; start += PER_TRANSACTION) {
                while (!writeOneTransaction(producer, topic, start)) {
                    producer.abortTransaction();
                }
                committed.set(start + PER_TRANSACTION);
            }
        }
    }

    private static boolean writeOneTransaction(KafkaProducer<String, String> producer, String topic, int start) {
        try {
            producer.beginTransaction();
            for (int i = start; i < start + PER_TRANSACTION; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i % 7), Integer.toString(i)));
            }
            commitUntilDone(producer);
            return true;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
            throw fatal;
        } catch (KafkaException abortable) {
            return false;
        }
    }

    /** A commit that timed out may still complete, so it is retried, never replaced by an abort. */
    private static void commitUntilDone(KafkaProducer<String, String> producer) {
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException stillCommitting) {
                // the coordinator moved with the killed broker; the retry reaches the new one
            }
        }
    }

    private static boolean readToTheEnd(KafkaConsumer<String, String> reader, List<TopicPartition> partitions) {
        // under read_committed the end offsets are the last stable offsets: nothing committed lies beyond them
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions, Duration.ofSeconds(30));
        return partitions.stream().allMatch(p -> reader.position(p, Duration.ofSeconds(30)) >= ends.get(p));
    }

    private static KafkaConsumer<String, String> readCommitted() {
        return new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    private static String minInSyncReplicas(String topic) throws Exception {
        try (Admin admin = clients.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("min.insync.replicas").value();
        }
    }
}
