package dev.fleetinference.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.ClusterClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three KRaft nodes on this machine, each stopped and killed on its own: what replication buys, and where it ends. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaClusterTest {

    private static final Set<Integer> ALL = Set.of(1, 2, 3);

    @TempDir
    static Path dataDir;

    private static KafkaCluster cluster;
    private static ClusterClients clients;

    @BeforeAll
    static void startThreeNodes() {
        cluster = KafkaCluster.start(KafkaClusterConfig.inDirectory(dataDir, 3));
        clients = new ClusterClients(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopThem() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void everyNodeRunsAgain() {
        // tests share the cluster: what one stopped, the next finds running
        cluster.brokers().stream().filter(node -> !node.isAlive()).forEach(node -> cluster.restart(node.nodeId()));
    }

    @Test
    void threeNodesFormOneClusterWithOneControllerQuorum() throws Exception {
        try (Admin admin = clients.admin()) {
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);

            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::id)
                    .containsExactlyInAnyOrderElementsOf(ALL);
            assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaId)
                    .containsExactlyInAnyOrderElementsOf(ALL);
            assertThat(quorum.leaderId()).isIn(ALL);
        }
        assertThat(cluster.bootstrapServers().split(",")).containsExactlyElementsOf(
                cluster.brokers().stream().map(KafkaBroker::bootstrapServers).toList());
        assertThat(cluster.brokers()).extracting(KafkaBroker::nodeId).containsExactly(1, 2, 3);
    }

    @Test
    void everyTopicKafkaKeepsItselfHasThreeReplicasOfWhichTwoMustHaveAWrite() throws Exception {
        try (Admin admin = clients.admin()) {
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "2");
            Config config = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);

            assertThat(Map.of(
                    "default.replication.factor", config.get("default.replication.factor").value(),
                    "min.insync.replicas", config.get("min.insync.replicas").value(),
                    "offsets.topic.replication.factor", config.get("offsets.topic.replication.factor").value(),
                    "transaction.state.log.replication.factor",
                    config.get("transaction.state.log.replication.factor").value(),
                    "transaction.state.log.min.isr", config.get("transaction.state.log.min.isr").value(),
                    "share.coordinator.state.topic.replication.factor",
                    config.get("share.coordinator.state.topic.replication.factor").value(),
                    "share.coordinator.state.topic.min.isr", config.get("share.coordinator.state.topic.min.isr").value()))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "default.replication.factor", "3", "min.insync.replicas", "2",
                            "offsets.topic.replication.factor", "3",
                            "transaction.state.log.replication.factor", "3", "transaction.state.log.min.isr", "2",
                            "share.coordinator.state.topic.replication.factor", "3",
                            "share.coordinator.state.topic.min.isr", "2"));
        }
        assertThat(cluster.replication()).isEqualTo(new Replication((short) 3, 2));
    }

    @Test
    void acksAllWritesGoOnWithOneBrokerKilledAndAreRefusedWithTwoDown() throws Exception {
        TopicPartition partition = clients.createTopic("two-of-three", 1);
        int leader = awaitLeader(partition);
        List<Integer> followers = ALL.stream().filter(id -> id != leader).sorted().toList();
        clients.produce(partition.topic(), List.of("all up"));

        cluster.kill(followers.get(0));
        // the controller fences the dead broker after its session times out and takes it out of the ISR
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.inSyncReplicas(partition).equals(Set.of(leader, followers.get(1))));
        clients.produce(partition.topic(), List.of("one down"));
        // a graceful stop leaves the ISR before the node goes; with two voters gone the quorum has no leader, so
        // nothing changes any more until one comes back (two SIGKILLs would leave the ISR as it was: writes time out)
        cluster.stop(followers.get(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.inSyncReplicas(partition).equals(Set.of(leader)));

        try (var producer = unretriedProducer()) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(partition.topic(), "two down"))
                    .get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NotEnoughReplicasException.class);
        }
        assertThat(clients.readAll(partition)).containsExactly("all up", "one down");
    }

    @Test
    void aKilledLeaderHandsOverAndRejoinsTheInSyncReplicasOnceRestarted() throws Exception {
        TopicPartition partition = clients.createTopic("rejoin", 1);
        int leader = awaitLeader(partition);
        KafkaBroker killed = cluster.broker(leader);

        cluster.kill(leader);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.leaderOf(partition).map(KafkaBroker::nodeId).filter(id -> id != leader).isPresent());
        clients.produce(partition.topic(), List.of("while one is down"));
        KafkaBroker restarted = cluster.restart(leader);

        await().atMost(Duration.ofSeconds(90)).until(() -> cluster.inSyncReplicas(partition).equals(ALL));
        assertThat(restarted.pid()).isNotEqualTo(killed.pid());
        assertThat(restarted.bootstrapServers()).isEqualTo(killed.bootstrapServers());
        assertThat(clients.readAll(partition)).containsExactly("while one is down");
    }

    private static int awaitLeader(TopicPartition partition) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leaderOf(partition), leader -> leader.isPresent())
                .orElseThrow().nodeId();
    }

    /** acks=all and no retries, so a refusal reaches the test as the broker's own error and not as a timeout. */
    private static KafkaProducer<String, String> unretriedProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 50_000),
                new StringSerializer(), new StringSerializer());
    }
}
