package dev.fleetinference.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterSeatTest {

    @Test
    void aNodeOfThreeVotesWithBothPeersAndReplicatesEverythingThreeTimes() {
        ClusterSeat seat = new ClusterSeat(2, Map.of(3, 7003, 1, 7001), "cluster-id");

        Map<String, String> properties = KafkaBroker.brokerProperties(Path.of("/data/node-2"), 9093, 7002, seat,
                Optional.empty(), Map.of());

        assertThat(properties).containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:7001,2@127.0.0.1:7002,3@127.0.0.1:7003")
                .containsEntry("default.replication.factor", "3").containsEntry("min.insync.replicas", "2")
                .containsEntry("transaction.state.log.min.isr", "2");
    }

    @Test
    void aSingleBrokerKeepsOneCopyOfEverything() {
        Map<String, String> properties = KafkaBroker.brokerProperties(Path.of("/data"), 9092, 7000,
                ClusterSeat.alone(), Optional.empty(), Map.of());

        assertThat(properties).containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:7000")
                .containsEntry("offsets.topic.replication.factor", "1").containsEntry("min.insync.replicas", "1");
    }

    @Test
    void replicationIsThreeCopiesAtMostWithAllButOneInSync() {
        assertThat(Replication.forBrokers(1)).isEqualTo(new Replication((short) 1, 1));
        assertThat(Replication.forBrokers(3)).isEqualTo(new Replication((short) 3, 2));
        assertThat(Replication.forBrokers(5)).isEqualTo(new Replication((short) 3, 2));
    }

    @Test
    void aNodeCannotBeItsOwnPeer() {
        assertThatThrownBy(() -> new ClusterSeat(1, Map.of(1, 7001), "cluster-id"))
                .hasMessageContaining("node 1 cannot be its own peer");
    }
}
