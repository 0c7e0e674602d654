package dev.fleetinference.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.ClusterClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three secured nodes: they form their quorum over PLAIN and replicate to each other over SASL_SSL as the admin. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecuredKafkaClusterOfThreeTest {

    @TempDir
    Path dataDir;

    @Test
    void threeSecuredNodesReplicateEveryWriteToEachOther() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(
                KafkaClusterConfig.inDirectory(dataDir, 3).withSecurity(Security.SECURED))) {
            ClusterClients asAdmin = new ClusterClients(cluster.bootstrapServers(), cluster.adminClientSettings());
            TopicPartition partition = asAdmin.createTopic("replicated", 1);

            asAdmin.produce(partition.topic(), List.of("on three brokers"));

            // every follower fetched the write, each having logged in to the leader as the admin
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> cluster.inSyncReplicas(partition).equals(Set.of(1, 2, 3)));
            assertThat(asAdmin.describe(partition.topic()).partitions().get(0).replicas()).hasSize(3);
            assertThat(asAdmin.readAll(partition)).containsExactly("on three brokers");
        }
    }
}
