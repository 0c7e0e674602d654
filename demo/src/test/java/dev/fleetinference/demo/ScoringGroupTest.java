package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the demo watches the stream app's group, on a real broker: two static members (as Kafka Streams' threads are,
 * {@code a-1} and {@code b-1}) share four partitions, then one dies without leaving the group and the other takes its
 * partitions over once its session has timed out.
 */
@WithStack
@Timeout(120)
class ScoringGroupTest {

    private static final int PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theMembersAreNamedByInstanceAndWhenOneDiesItsPartitionsAreCommittedFurtherByTheOther(TestStack stack)
            throws Exception {
        String kafka = stack.bootstrapServers();
        String topic = "events-" + UUID.randomUUID();
        String groupId = "app-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        send(kafka, topic, 0, 1, 2, 3);
        try (ScoringGroup group = new ScoringGroup(kafka, Map.of(), groupId, topic);
             Member a = new Member(kafka, groupId, "a-1", topic);
             Member b = new Member(kafka, groupId, "b-1", topic)) {

            PartitionAssignment shared = group.awaitSettledOn(Set.of("a", "b"), TIMEOUT);

            assertThat(shared.settledOn(Set.of("a", "b"), PARTITIONS)).as("settled: %s", shared).isTrue();
            assertThat(shared.partitionsOf("a")).isNotEmpty();
            assertThat(shared.partitionsOf("b")).isNotEmpty();
            assertThat(group.partitions()).isEqualTo(PARTITIONS);

            await().atMost(TIMEOUT).until(() -> group.committed().size() == PARTITIONS);
            // b dies as a SIGKILLed instance does: it stays in the group until its session times out
            long killed = System.nanoTime();
            Map<Integer, Long> before = group.committed();
            b.die();
            // nothing is written to the last partition after the death: there is nothing on it to wait for
            send(kafka, topic, 0, 1, 2);

            Optional<Duration> recovery = group.awaitScoredAgainWithout("b", before, killed, TIMEOUT);

            assertThat(recovery).as("how long until a had committed every partition further").isPresent();
            assertThat(recovery.get()).isGreaterThan(Duration.ofSeconds(1)).isLessThan(TIMEOUT);
            assertThat(group.assignment().byInstance()).containsOnlyKeys("a");
            assertThat(group.assignment().partitionsOf("a")).containsExactly(0, 1, 2, 3);
            assertThat(group.committed()).allSatisfy((partition, offset) ->
                    assertThat(offset).isEqualTo(partition < 3 ? 2L : 1L));
        }
    }

    // one record to each of the partitions
    private static void send(String kafka, String topic, int... partitions) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int partition : partitions) {
                producer.send(new ProducerRecord<>(topic, partition, null, new byte[] {1}));
            }
        }
    }

    /** A static member of the group on a thread of its own, committing what it polled; dies or leaves on close. */
    private static final class Member implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile CloseOptions closing = CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP);

        Member(String kafka, String groupId, String instanceId, String topic) {
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                    ConsumerConfig.GROUP_ID_CONFIG, groupId,
                    ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId,
                    ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000,
                    ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            thread = new Thread(() -> {
                try {
                    consumer.subscribe(List.of(topic));
                    while (running.get()) {
                        if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                            consumer.commitSync();
                        }
                    }
                } finally {
                    consumer.close(closing);
                }
            }, "member-" + instanceId);
            thread.start();
        }

        /** Stops polling and closes without leaving the group. */
        void die() throws InterruptedException {
            closing = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
            running.set(false);
            thread.join();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
