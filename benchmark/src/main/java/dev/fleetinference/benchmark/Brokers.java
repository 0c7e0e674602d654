package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.kafka.KafkaCluster;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The embedded cluster's brokers as the broker-loss scenario needs them: which one to take away (leaders read with
 * the run's admin client), and a way to take it away and bring it back.
 */
final class Brokers {

    private static final long DESCRIBE_TIMEOUT_S = 10;

    private final KafkaCluster kafka;
    private final Admin admin;

    Brokers(KafkaCluster kafka, Admin admin) {
        this.kafka = kafka;
        this.admin = admin;
    }

    /** How many brokers the cluster has, running or not. */
    int count() {
        return kafka.size();
    }

    /** The id of the broker that leads the most partitions of {@code topic} now. */
    int leaderOfMostPartitions(String topic) {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(DESCRIBE_TIMEOUT_S, TimeUnit.SECONDS).get(topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailedException("cannot describe " + topic + " to find its leaders: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailedException("interrupted while describing " + topic);
        }
        Map<Integer, Long> led = description.partitions().stream().map(TopicPartitionInfo::leader)
                .filter(leader -> leader != null && !leader.isEmpty())
                .collect(Collectors.groupingBy(Node::id, Collectors.counting()));
        // ties go to the lowest id, so that a run names the same broker each time its leaders are spread the same
        return led.entrySet().stream()
                .max(Comparator.<Map.Entry<Integer, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new BenchFailedException(topic + " has no partition with a leader"));
    }

    /** SIGKILLs broker {@code id}, as a machine failure would, and waits until it is gone. */
    void kill(int id) {
        kafka.kill(id);
    }

    /** Starts broker {@code id} again with its data, and waits until the cluster has it back. */
    void restart(int id) {
        kafka.restart(id);
    }
}
