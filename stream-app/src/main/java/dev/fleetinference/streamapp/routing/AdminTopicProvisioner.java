package dev.fleetinference.streamapp.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing predictions topics through the Kafka Admin API. Topics known to exist are cached, so only a
 * device's first prediction (per instance) costs a request; a topic another instance created first counts as
 * created, so instances may race.
 */
public final class AdminTopicProvisioner implements TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(AdminTopicProvisioner.class);

    private static final Duration LEADER_CHECK_PAUSE = Duration.ofMillis(10);

    private final Admin admin;
    private final PredictionTopicSpec spec;
    private final Duration timeout;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final AtomicLong created = new AtomicLong();

    public AdminTopicProvisioner(Admin admin, PredictionTopicSpec spec, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Fills the cache with the topics that exist now whose names start with {@code prefix}; returns how many. */
    public int learnExisting(String prefix) {
        try {
            Set<String> names = admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> matching = names.stream().filter(name -> name.startsWith(prefix)).toList();
            known.addAll(matching);
            return matching.size();
        } catch (ExecutionException | TimeoutException e) {
            throw new TopicProvisioningException("cannot list the cluster's topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while listing topics", e);
        }
    }

    /**
     * Asks the cluster whether it would create a predictions topic as specified, without creating one, so a spec it
     * refuses (a replication factor above the broker count, a retention a policy forbids, no permission) stops the
     * app at start rather than failing every new device's first event.
     */
    public void checkSpec(String sampleTopic) {
        try {
            admin.createTopics(List.of(spec.newTopic(sampleTopic)), new CreateTopicsOptions().validateOnly(true))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new TopicProvisioningException("the cluster would refuse to create predictions topics as "
                        + "configured (" + spec + "): " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new TopicProvisioningException("checking the predictions topic settings took longer than " + timeout,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while checking the predictions topic settings", e);
        }
    }

    @Override
    public void ensureExists(String topic) {
        // the path of every event: no allocation once the topic is known
        if (!known.contains(topic)) {
            ensureExists(List.of(topic));
        }
    }

    @Override
    public void ensureExists(Collection<String> topics) {
        List<String> missing = topics.stream().distinct().filter(topic -> !known.contains(topic)).toList();
        if (missing.isEmpty()) {
            return;
        }
        CreateTopicsResult result = admin.createTopics(missing.stream().map(spec::newTopic).toList());
        List<String> createdHere = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> topic : result.values().entrySet()) {
            if (await(topic.getKey(), topic.getValue())) {
                createdHere.add(topic.getKey());
            }
        }
        awaitLed(createdHere);
        known.addAll(result.values().keySet());
    }

    /** Topics this provisioner created (not those it found existing). */
    public long createdCount() {
        return created.get();
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** Whether this request created the topic (false: it existed already). */
    private boolean await(String topic, KafkaFuture<Void> creation) {
        try {
            creation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            created.incrementAndGet();
            log.info("created topic {} ({} partition(s), retention {})", topic, spec.partitions(), spec.retention());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidTopicException) {
                // the name is legal but the broker refuses it for good, e.g. 'dev.1' when 'dev_1' exists (the two
                // collide in metric names): the event's fault, so a dead letter rather than a retry forever
                throw new InvalidEventException(DeadLetterReason.ILLEGAL_DEVICE_ID, "the cluster refuses topic "
                        + topic + ": " + e.getCause().getMessage());
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new TopicProvisioningException("cannot create topic " + topic + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
            return false;
        } catch (TimeoutException e) {
            throw new TopicProvisioningException("creating topic " + topic + " took longer than " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while creating topic " + topic, e);
        }
    }

    /**
     * Waits until the leaders of the new topics' partitions answer for their offsets. The controller confirms a
     * topic before its leader has the partition's log, and a producer writing in between gets its first request
     * refused while later ones are accepted: its retry then fails as out of order (for the app's transactional
     * producer, a task migration and a rebalance).
     */
    private void awaitLed(List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (String topic : topics) {
            for (int partition = 0; partition < spec.partitions(); partition++) {
                partitions.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                // the broker knows a new topic's metadata a moment before it leads the topic's partitions; asking
                // for the offsets before the metadata is there fails (and the admin client logs an error) at once
                admin.describeTopics(topics).allTopicNames().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                admin.listOffsets(partitions).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || remainingMillis(deadline) <= 0) {
                    throw new TopicProvisioningException("the new topics " + topics + " have no ready leader: "
                            + e.getCause().getMessage(), e.getCause());
                }
                LockSupport.parkNanos(LEADER_CHECK_PAUSE.toNanos());
            } catch (TimeoutException e) {
                throw new TopicProvisioningException("the new topics " + topics + " had no ready leader within "
                        + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while waiting for the leaders of " + topics, e);
            }
        }
    }
}
