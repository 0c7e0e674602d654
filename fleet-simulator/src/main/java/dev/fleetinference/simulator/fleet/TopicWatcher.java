package dev.fleetinference.simulator.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out, by asking Kafka for each device's own topic as the device itself would, which predictions topics exist.
 * The pipeline creates a device's topic when it first scores one of its events, so most appear only after the
 * fleet has started sending; this keeps asking for the missing ones until all are there.
 *
 * <p>Uses a metadata-only consumer of its own (it never polls), so slow or failing lookups never delay the reading of
 * predictions. Confined to one thread at a time.
 */
final class TopicWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(TopicWatcher.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);

    private final Consumer<?, ?> metadata;
    private final String bootstrapServers;
    // predictions topic to device id, for the devices whose topic has not been seen yet
    private final Map<String, String> missing = new LinkedHashMap<>();
    private String lastProblem = "";

    TopicWatcher(Consumer<?, ?> metadata, String bootstrapServers,
                 Map<String, String> deviceByTopic) {
        this.metadata = metadata;
        this.bootstrapServers = bootstrapServers;
        this.missing.putAll(deviceByTopic);
    }

    /**
     * Waits until {@code topic} exists (the events topic, created by the pipeline's provisioning), retrying while
     * Kafka does not answer. Returns false if {@code stop} was counted down first.
     *
     * @throws SimulationException if the topic is not there after {@code timeout}
     */
    boolean awaitTopic(String topic, Duration timeout, CountDownLatch stop) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem;
        do {
            try {
                if (!metadata.partitionsFor(topic, LOOKUP_TIMEOUT).isEmpty()) {
                    return true;
                }
                problem = "topic '" + topic + "' does not exist there; the pipeline's provisioning creates it";
            } catch (KafkaException e) {
                problem = "Kafka did not answer: " + e.getMessage();
            }
            if (stop.await(RETRY_PAUSE.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } while (System.nanoTime() < deadline);
        throw new SimulationException("cannot start: after " + timeout.toSeconds() + " s waiting at "
                + bootstrapServers + ", " + problem);
    }

    /** One round of lookups: the devices' topics that exist now and did not before. */
    List<DeviceTopic> findNew() {
        List<DeviceTopic> found = new ArrayList<>();
        for (var entry : List.copyOf(missing.entrySet())) {
            List<PartitionInfo> partitions;
            try {
                partitions = metadata.partitionsFor(entry.getKey(), LOOKUP_TIMEOUT);
            } catch (KafkaException e) {
                logOnce("looking up " + entry.getKey() + " failed, will retry: " + e.getMessage());
                break;
            }
            if (!partitions.isEmpty()) {
                found.add(new DeviceTopic(entry.getValue(), entry.getKey(), partitions.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList()));
                missing.remove(entry.getKey());
            }
        }
        return found;
    }

    /** Whether every device's topic has been found. */
    boolean allFound() {
        return missing.isEmpty();
    }

    /** Looks up the missing topics every {@code interval} and hands new ones on, until all exist or {@code stop}. */
    void watch(Duration interval, java.util.function.Consumer<List<DeviceTopic>> onFound, CountDownLatch stop)
            throws InterruptedException {
        while (!allFound() && !stop.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
            List<DeviceTopic> found = findNew();
            if (!found.isEmpty()) {
                onFound.accept(found);
            }
        }
    }

    // a broker that stays away would otherwise log the same line every round
    private void logOnce(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warn(problem);
            lastProblem = problem;
        }
    }
}
