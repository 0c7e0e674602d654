package dev.fleetinference.localstack.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * Where one node sits in its KRaft cluster. Every node is a broker and a controller, and every one is a voter of
 * the static controller quorum.
 *
 * @param nodeId              this node's {@code node.id}
 * @param peerControllerPorts the controller port on 127.0.0.1 of every other node, by node id; empty: a cluster
 *                            of one
 * @param clusterId           the id a new log directory is formatted with; every node of a cluster has the same
 */
public record ClusterSeat(int nodeId, Map<Integer, Integer> peerControllerPorts, String clusterId) {

    public ClusterSeat {
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must be 0 or more, got " + nodeId);
        }
        Objects.requireNonNull(peerControllerPorts, "peerControllerPorts");
        if (peerControllerPorts.containsKey(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " cannot be its own peer");
        }
        peerControllerPorts.values().forEach(port -> {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("a peer's controller port must be 1-65535, got " + port);
            }
        });
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("clusterId must be set: the id every node is formatted with");
        }
        peerControllerPorts = Collections.unmodifiableMap(new TreeMap<>(peerControllerPorts));
    }

    /** Node 1 of a cluster of one, with a new cluster id. */
    public static ClusterSeat alone() {
        return new ClusterSeat(1, Map.of(), Uuid.randomUuid().toString());
    }

    /** How many nodes the cluster has, this one included. */
    public int clusterSize() {
        return peerControllerPorts.size() + 1;
    }

    /** {@code controller.quorum.voters}: every node, this one on {@code ownControllerPort}, in node id order. */
    String quorumVoters(int ownControllerPort) {
        Map<Integer, Integer> voters = new TreeMap<>(peerControllerPorts);
        voters.put(nodeId, ownControllerPort);
        return voters.entrySet().stream()
                .map(voter -> voter.getKey() + "@127.0.0.1:" + voter.getValue())
                .collect(Collectors.joining(","));
    }
}
