package dev.fleetinference.streamapp.routing;

import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing predictions topics through the Kafka Admin API. Topics known to exist are cached, so only a
 * device's first prediction (per instance) costs a request; a topic deleted while the app writes to it is found
 * {@link #recreateGone() from time to time} or when a write fails, and created again. A topic another instance
 * created first counts as there once its leaders answer, as one created here; one that differs from the spec is
 * reported and used as it is.
 *
 * <p>Each call returns or throws within the timeout it was made with, creation and leader wait together: the stream
 * thread calls it inside an open transaction, which the broker aborts once it is open too long.
 */
public final class AdminTopicProvisioner implements TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(AdminTopicProvisioner.class);

    private static final Duration LEADER_CHECK_PAUSE = Duration.ofMillis(10);

    private final Admin admin;
    private final PredictionTopicSpec spec;
    private final Duration timeout;
    private final TopicSpecCheck specCheck;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    // topics predictions went to since the last look for deleted ones
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    // those of the look before: looked at once more, since a broker may still describe a topic being deleted while
    // a record for it is already held, and the thread holding it writes nothing more to put it back in written
    private volatile Set<String> lookedAtLast = Set.of();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong mismatched = new AtomicLong();

    /** Each call of this provisioner returns or throws within {@code timeout}. */
    public AdminTopicProvisioner(Admin admin, PredictionTopicSpec spec, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.specCheck = new TopicSpecCheck(admin, spec);
    }

    /**
     * Fills the cache with the topics that exist now whose names start with {@code prefix}, reporting those that
     * differ from the spec; returns how many.
     */
    public int learnExisting(String prefix) {
        Deadline deadline = Deadline.after(timeout);
        List<String> matching;
        try {
            matching = admin.listTopics(new ListTopicsOptions().timeoutMs(deadline.requestTimeoutMillis()))
                    .names().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS)
                    .stream().filter(name -> name.startsWith(prefix)).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new TopicProvisioningException("cannot list the cluster's topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while listing topics", e);
        }
        if (!matching.isEmpty()) {
            try {
                reportMismatches(admin.describeTopics(matching,
                                new DescribeTopicsOptions().timeoutMs(deadline.requestTimeoutMillis()))
                        .allTopicNames().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS).values(), deadline);
            } catch (ExecutionException | TimeoutException e) {
                cannotCheck(matching, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while describing topics", e);
            }
        }
        known.addAll(matching);
        return matching.size();
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
        // the path of every prediction: no allocation once the topic is known and noted as written lately
        if (!known.contains(topic)) {
            ensureExists(List.of(topic));
        }
        written.add(topic);
    }

    /**
     * {@inheritDoc} Within the timeout, all told. Topics the cluster refuses for good ({@code dev.1} once
     * {@code dev_1} exists) are the events' fault: an {@link InvalidEventException} names them, once the others of
     * the request are ready and known.
     */
    @Override
    public void ensureExists(Collection<String> topics) {
        List<String> missing = topics.stream().distinct().filter(topic -> !known.contains(topic)).toList();
        if (missing.isEmpty()) {
            return;
        }
        Deadline deadline = Deadline.after(timeout);
        CreateTopicsResult result = admin.createTopics(missing.stream().map(spec::newTopic).toList(),
                new CreateTopicsOptions().timeoutMs(deadline.requestTimeoutMillis()));
        List<String> ready = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (Map.Entry<String, KafkaFuture<Void>> topic : result.values().entrySet()) {
            Outcome outcome = await(topic.getKey(), topic.getValue(), deadline, refused);
            if (outcome != Outcome.REFUSED) {
                ready.add(topic.getKey());
            }
            if (outcome == Outcome.EXISTED) {
                existing.add(topic.getKey());
            }
        }
        if (!ready.isEmpty()) {
            Map<String, TopicDescription> led = awaitLed(ready, deadline);
            checkSpecOf(existing.stream().map(led::get).toList(), deadline);
            known.addAll(ready);
        }
        if (!refused.isEmpty()) {
            List<String> reasons = new ArrayList<>();
            refused.forEach((topic, reason) -> reasons.add("the cluster refuses topic " + topic + ": " + reason));
            throw new InvalidEventException(DeadLetterReason.ILLEGAL_DEVICE_ID, String.join("; ", reasons));
        }
    }

    /**
     * Creates again the topics written since the last call that are gone, deleted while the app runs, and returns
     * them; {@link GoneTopicWatch} calls it every few seconds, off the stream thread. Under exactly-once the producer
     * holds a record for a deleted topic until the topic exists again (Kafka Streams' delivery timeout is for
     * ever), and the stream thread's commit waits for that record: the stream thread cannot find out itself.
     */
    public List<String> recreateGone() {
        Set<String> sinceLastLook = Set.copyOf(written);
        written.removeAll(sinceLastLook);
        Set<String> recent = new LinkedHashSet<>(sinceLastLook);
        recent.addAll(lookedAtLast);
        lookedAtLast = sinceLastLook;
        if (recent.isEmpty()) {
            return List.of();
        }
        try {
            List<String> gone = gone(List.copyOf(recent), Deadline.after(timeout));
            if (!gone.isEmpty()) {
                log.warn("the topics {} were deleted while predictions are written to them; creating them again",
                        gone);
                known.removeAll(gone);
                ensureExists(gone);
            }
            return gone;
        } catch (RuntimeException e) {
            // a thread stuck on a gone topic writes nothing more: its topic must be looked at again next time
            written.addAll(recent);
            throw e;
        }
    }

    private List<String> gone(List<String> topics, Deadline deadline) {
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs(deadline.requestTimeoutMillis())).topicNameValues();
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
            try {
                topic.getValue().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new TopicProvisioningException("cannot describe topic " + topic.getKey() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
                gone.add(topic.getKey());
            } catch (TimeoutException e) {
                throw new TopicProvisioningException("describing the topics written lately took longer than "
                        + deadline.timeout(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while describing topics", e);
            }
        }
        return gone;
    }

    /** Drops {@code topic} from the cache, so that the next call for it asks the cluster and creates it if gone. */
    @Override
    public void forget(String topic) {
        if (known.remove(topic)) {
            log.info("forgot topic {}: the next prediction for it checks that it exists, and creates it if not", topic);
        }
    }

    /** Topics this provisioner created (not those it found existing). */
    public long createdCount() {
        return created.get();
    }

    /** Existing topics found to differ from the spec (each logged as a warning). */
    public long specMismatchCount() {
        return mismatched.get();
    }

    /** What became of the creation of one topic. */
    private enum Outcome { CREATED, EXISTED, REFUSED }

    /** Waits for one creation; a refused topic is put in {@code refusals} with the cluster's reason. */
    private Outcome await(String topic, KafkaFuture<Void> creation, Deadline deadline,
                          Map<String, String> refusals) {
        try {
            creation.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            created.incrementAndGet();
            log.info("created topic {} ({} partition(s), retention {})", topic, spec.partitions(), spec.retention());
            return Outcome.CREATED;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidTopicException) {
                // the name is legal but the broker refuses it for good, e.g. 'dev.1' when 'dev_1' exists (the two
                // collide in metric names): the event's fault, so a dead letter rather than a retry forever
                refusals.put(topic, e.getCause().getMessage());
                return Outcome.REFUSED;
            }
            if (e.getCause() instanceof TopicExistsException) {
                // another instance may have created it a moment ago: it is awaited like one created here
                return Outcome.EXISTED;
            }
            throw new TopicProvisioningException("cannot create topic " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new TopicProvisioningException("creating topic " + topic + " took longer than "
                    + deadline.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while creating topic " + topic, e);
        }
    }

    /**
     * Waits until the leaders of the topics' partitions answer for their offsets, and returns the topics'
     * descriptions. The controller confirms a topic before its leader has the partition's log, and a producer
     * writing in between gets its first request refused while later ones are accepted: its retry then fails as out
     * of order (for the app's transactional producer, a task migration and a rebalance).
     */
    private Map<String, TopicDescription> awaitLed(List<String> topics, Deadline deadline) {
        while (true) {
            try {
                // the broker knows a new topic's metadata a moment before it leads the topic's partitions; asking
                // for the offsets before the metadata is there fails (and the admin client logs an error) at once
                Map<String, TopicDescription> described = admin.describeTopics(topics,
                                new DescribeTopicsOptions().timeoutMs(deadline.requestTimeoutMillis()))
                        .allTopicNames().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
                // a topic found existing has the partitions it was made with, not necessarily the spec's
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                described.values().forEach(topic -> topic.partitions().forEach(partition -> partitions.put(
                        new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(deadline.requestTimeoutMillis()))
                        .all().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
                return described;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || deadline.passed()) {
                    throw new TopicProvisioningException("the topics " + topics + " have no ready leader: "
                            + e.getCause().getMessage(), e.getCause());
                }
                LockSupport.parkNanos(Math.min(LEADER_CHECK_PAUSE.toNanos(),
                        TimeUnit.MILLISECONDS.toNanos(deadline.remainingMillis())));
            } catch (TimeoutException e) {
                throw new TopicProvisioningException("the topics " + topics + " had no ready leader within "
                        + deadline.timeout(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while waiting for the leaders of " + topics, e);
            }
        }
    }

    /** Reports existing topics that differ from the spec; a check that cannot be made is logged and skipped. */
    private void checkSpecOf(List<TopicDescription> existing, Deadline deadline) {
        try {
            reportMismatches(existing, deadline);
        } catch (ExecutionException | TimeoutException e) {
            cannotCheck(existing.stream().map(TopicDescription::name).toList(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while checking the settings of existing topics", e);
        }
    }

    private void reportMismatches(Collection<TopicDescription> existing, Deadline deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        for (TopicSpecMismatch mismatch : specCheck.mismatches(existing, deadline)) {
            mismatched.incrementAndGet();
            log.warn("{}", mismatch.describe());
        }
    }

    // the topics exist and are led: a check of their settings is a report, not a condition of their use (the app's
    // principal may lack DescribeConfigs on them)
    private static void cannotCheck(List<String> topics, Exception e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        log.warn("could not compare the settings of the existing topics {} with the configured ones: {}", topics,
                cause.toString());
    }
}
