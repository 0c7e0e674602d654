package dev.fleetinference.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The stream app's consumer group (its application id) as the Admin client sees it: which instance holds which
 * partitions of the events topic, and how far each partition is committed. Under the classic group protocol a Kafka
 * Streams member's assignment lists the source partitions of its active tasks, and its {@code group.instance.id} names
 * its instance (see {@link PartitionAssignment#instanceOf}).
 */
final class ScoringGroup implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final Admin admin;
    private final String groupId;
    private final String topic;
    private final String bootstrapServers;
    private int partitions;

    ScoringGroup(String bootstrapServers, Map<String, String> clientSettings, String groupId, String topic) {
        Map<String, Object> settings = new java.util.HashMap<>(clientSettings);
        settings.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "fleet-demo-group-watch"));
        this.admin = Admin.create(settings);
        this.groupId = groupId;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
    }

    String topic() {
        return topic;
    }

    /** Who holds which partitions of the topic now. */
    PartitionAssignment assignment() {
        ConsumerGroupDescription group = get(admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                .get(groupId), "describe the consumer group " + groupId);
        SortedMap<String, SortedSet<Integer>> byInstance = new TreeMap<>();
        for (MemberDescription member : group.members()) {
            String instance = PartitionAssignment.instanceOf(member.groupInstanceId().orElse(member.consumerId()));
            SortedSet<Integer> held = byInstance.computeIfAbsent(instance, id -> new TreeSet<>());
            member.assignment().topicPartitions().stream().filter(p -> p.topic().equals(topic))
                    .forEach(p -> held.add(p.partition()));
        }
        return new PartitionAssignment(byInstance, group.groupState() == GroupState.STABLE);
    }

    /** The group's committed offset on each partition of the topic that has one. */
    Map<Integer, Long> committed() {
        Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata(), "read the committed offsets of " + groupId);
        Map<Integer, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (partition.topic().equals(topic) && offset != null) {
                committed.put(partition.partition(), offset.offset());
            }
        });
        return committed;
    }

    /** Each partition's end offset: where the next event will be written. */
    Map<Integer, Long> written() {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions(); p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> written = new HashMap<>();
        get(admin.listOffsets(latest).all(), "read the end offsets of " + topic)
                .forEach((partition, info) -> written.put(partition.partition(), info.offset()));
        return written;
    }

    /** How many partitions the topic has. */
    int partitions() {
        if (partitions == 0) {
            partitions = get(admin.describeTopics(List.of(topic)).allTopicNames(), "describe " + topic)
                    .get(topic).partitions().size();
        }
        return partitions;
    }

    /**
     * Waits until the group is stable with exactly {@code members} in it, holding every partition between them.
     *
     * @return the assignment then, or the last one seen if that did not happen within {@code timeout}
     */
    PartitionAssignment awaitSettledOn(Set<String> members, Duration timeout) throws InterruptedException {
        return await(a -> a.settledOn(members, partitions()), System.nanoTime() + timeout.toNanos()).assignment();
    }

    /**
     * Waits until {@code gone} has left the group, the others hold every partition, and each partition has a committed
     * offset past {@code before}'s (the offsets when {@code gone} died), unless nothing was written past it.
     *
     * @param since when {@code gone} died, {@link System#nanoTime()}
     * @return how long after {@code since} that was, empty if not within {@code timeout} of it
     */
    Optional<Duration> awaitScoredAgainWithout(String gone, Map<Integer, Long> before, long since, Duration timeout)
            throws InterruptedException {
        Sample last = await(a -> {
            Set<String> others = new TreeSet<>(a.byInstance().keySet());
            others.remove(gone);
            return !a.byInstance().containsKey(gone) && a.settledOn(others, partitions()) && scoredPast(before);
        }, since + timeout.toNanos());
        return last.met() ? Optional.of(Duration.ofNanos(last.at() - since)) : Optional.empty();
    }

    @Override
    public void close() {
        admin.close(CALL_TIMEOUT);
    }

    private boolean scoredPast(Map<Integer, Long> before) {
        Map<Integer, Long> committed = committed();
        Map<Integer, Long> written = written();
        for (int p = 0; p < partitions(); p++) {
            long then = before.getOrDefault(p, 0L);
            if (committed.getOrDefault(p, 0L) <= then && written.getOrDefault(p, 0L) > then) {
                return false;
            }
        }
        return true;
    }

    private record Sample(PartitionAssignment assignment, boolean met, long at) {
    }

    private Sample await(Predicate<PartitionAssignment> condition, long deadline) throws InterruptedException {
        while (true) {
            PartitionAssignment assignment = assignment();
            long at = System.nanoTime();
            if (condition.test(assignment)) {
                return new Sample(assignment, true, at);
            }
            if (at > deadline) {
                return new Sample(assignment, false, at);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DemoFailedException("could not " + what + " at " + bootstrapServers + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new DemoFailedException("could not " + what + " at " + bootstrapServers + " within "
                    + CALL_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailedException("interrupted while trying to " + what, e);
        }
    }
}
