package dev.fleetinference.streamapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import dev.fleetinference.localstack.streamapp.CommittedPredictions;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.testing.ChildPipelines;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.EventFactory;
import dev.fleetinference.streamapp.testing.PipelineInstance;
import dev.fleetinference.streamapp.testing.RegistryFixture;
import dev.fleetinference.streamapp.testing.SteadyLoad;
import dev.fleetinference.streamapp.testing.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-batched scoring stays exactly-once through crashes: the stream app, in a JVM of its own as in production, is
 * SIGKILLed several times while events stream in and batches are half full, and every event still ends up with
 * exactly one committed prediction, on its device's topic.
 *
 * <p>Each incarnation's output goes to {@code target/batching-crash/<run>/incarnation-<n>.log}, with the Kafka lines
 * that tell how it recovered: its process id, its transactional id, the offsets it resumed from, the restoration.
 */
@WithStack
class BatchingCrashTest {

    private static final Logger log = LoggerFactory.getLogger(BatchingCrashTest.class);

    private static final int EVENTS = 20_000;
    private static final int DEVICES = 100;
    private static final int KILLS = 3;
    // events per second, sent in ticks of 10 ms, through the kills and restarts as a fleet would
    private static final int RATE = 2_000;
    private static final int TICKS_PER_SECOND = 100;
    // Why the kills land mid-batch. Live, each of the 4 input partitions gets ~500 events/s, so its batch of 256
    // would fill in ~0.5 s but the 200 ms wait flushes it at ~100 events: the buffer is empty only for the moment of
    // a flush. Catching up after a restart, batches fill to 256 at once and what is left of a poll waits for the
    // next. Either way the buffer committed with the input offsets (every 100 ms) almost always holds events, which
    // the next incarnation must restore and score, once; and what came after that commit must be read again.
    private static final String BATCH_SIZE = "256";
    private static final String BATCH_MAX_WAIT = "200ms";
    // a kill comes once the incarnation has scored this much, several batches per partition, and long before it has
    // caught up with what came in while it was down: it dies under load
    private static final long SCORED_BEFORE_KILL = 1_500;
    private static final Duration FIRST_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    private static final String INSTANCE_ID = "crash-instance";
    private static final Pattern TRANSACTIONAL_ID = Pattern.compile("transactionalId=([^,\\]]+)");

    private static TestStack stack;
    private static RegistryFixture registry;
    private static SchemaRegistryClient schemas;

    private SteadyLoad load;
    private ChildPipelines pipelines;
    private Admin admin;
    private String run;
    private PipelineTopics topics;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void prepare(TestStack testStack) {
        stack = testStack;
        registry = new RegistryFixture(stack);
        schemas = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    @AfterEach
    void killEveryIncarnation() {
        if (load != null) {
            load.close();
        }
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
        if (pipelines != null) {
            pipelines.close();
        }
    }

    @Test
    void everyEventHasExactlyOneCommittedPredictionAfterThreeKillsMidBatch() throws Exception {
        long testStart = System.nanoTime();
        run = RegistryFixture.newName("crash");
        registry.register(run, CommittedModels.V1);
        registry.promote(run, 1);
        topics = PipelineInstance.topics(run);
        pipelines = new ChildPipelines(stack, run, topics,
                Path.of("target", "batching-crash", run).toAbsolutePath(),
                Map.of("FLEET_BATCH_SIZE", BATCH_SIZE, "FLEET_BATCH_MAX_WAIT", BATCH_MAX_WAIT));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
        load = new SteadyLoad(stack.bootstrapServers(), schemas, topics, DEVICES, new EventFactory(7));
        try {
            ChildStreamApp app = startIncarnation();
            app.awaitReady(FIRST_START_TIMEOUT);
            log.info("incarnation 1 (pid {}) ready {} ms after the test began; {}", app.pid(), millisSince(testStart),
                    identity(app));

            long warmUpStart = System.nanoTime();
            warmUp(app);
            log.info("warm-up: the first event of each of the {} devices scored, and their topics created, in {} ms",
                    DEVICES, millisSince(warmUpStart));
            CompletableFuture<Void> sending = load.start(EVENTS, RATE);
            List<Kill> kills = new ArrayList<>();
            for (int number = 1; number <= KILLS; number++) {
                Kill kill = killMidStreamAndRestart(app, number);
                kills.add(kill);
                app = kill.next();
            }
            sending.get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            CommittedPredictions predictions = load.readPredictions(READ_TIMEOUT);
            // a transaction the kill left open hides what follows it on its partitions until it is aborted
            log.info("{} predictions committed and readable {} ms after the last kill", predictions.total(),
                    millisSince(kills.get(KILLS - 1).atNanos()));
            List<ConsumerRecord<String, byte[]>> deadLetters = readDeadLetters();
            List<Long> restored = kills.stream().map(kill -> restoredFromBuffer(kill, predictions)).toList();
            log.info("recovery (kill to ready) per kill: {} ms; events restored from the committed buffer and scored "
                    + "after each kill: {}; the test ran {} ms", kills.stream().map(Kill::readyMillis).toList(),
                    restored, millisSince(testStart));
            Map<UUID, String> sent = load.sent();

            assertThat(load.failures()).as("events the producer could not send").isEmpty();
            assertThat(sent).hasSize(EVENTS);
            assertThat(predictions.duplicated()).as("events with more than one committed prediction, at these offsets")
                    .isEmpty();
            assertThat(predictions.eventIds()).as("events with a prediction").isEqualTo(sent.keySet());
            assertThat(predictions.all()).hasSize(EVENTS);
            assertThat(predictions.all()).allSatisfy(prediction -> {
                String device = sent.get(prediction.eventId());
                assertThat(prediction.deviceId()).isEqualTo(device);
                assertThat(prediction.topic()).isEqualTo(topics.predictions().topicFor(device));
            });
            assertThat(deadLetters).as("dead letters").isEmpty();
            assertThat(restored.stream().mapToLong(Long::longValue).sum())
                    .as("events that a kill left in a committed, unscored batch").isPositive();
        } catch (Throwable failure) {
            pipelines.logTails(log);
            throw failure;
        }
    }

    /**
     * One kill: when it came (wall clock, as the app stamps scoredTime, and nanoTime), the input offsets the dead
     * incarnation had committed, by partition, the incarnation started after it and how long until it was ready.
     */
    private record Kill(Instant at, long atNanos, Map<Integer, Long> committed, ChildStreamApp next,
                        long readyMillis) {
    }

    /**
     * Once {@code victim} has scored a while, SIGKILLs it, checking that events were still to be processed, then
     * starts the next incarnation (same instance id, same state directory) and waits until it is ready and scoring.
     */
    private Kill killMidStreamAndRestart(ChildStreamApp victim, int kill) throws Exception {
        AtomicLong scored = new AtomicLong();
        await().atMost(RECOVERY_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            scored.set(victim.scored());
            return scored.get() >= SCORED_BEFORE_KILL;
        });
        Instant killedWhen = Instant.now();
        long killedAt = System.nanoTime();
        victim.kill();
        int sent = load.sentCount();
        // the dead incarnation commits nothing more: this is what the next one starts from
        Map<Integer, Long> committed = committedOffsets();
        long unprocessed = endOffsets().entrySet().stream()
                .mapToLong(end -> end.getValue() - committed.getOrDefault(end.getKey(), 0L)).sum();
        log.info("kill {}: SIGKILL to pid {} after it scored {} events; {} of {} events sent so far, {} past the "
                + "committed offsets", kill, victim.pid(), scored.get(), sent, EVENTS, unprocessed);
        assertThat(sent < EVENTS || unprocessed > 0)
                .as("kill %d came under load: while events were sent, or with a backlog to catch up", kill).isTrue();

        ChildStreamApp next = startIncarnation();
        next.awaitReady(RECOVERY_TIMEOUT);
        long ready = millisSince(killedAt);
        await().atMost(RECOVERY_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> next.scored() > 0);
        log.info("kill {}: incarnation {} (pid {}) ready {} ms after the kill, scoring {} ms after it; {}", kill,
                kill + 1, next.pid(), ready, millisSince(killedAt), identity(next));
        return new Kill(killedWhen, killedAt, committed, next, ready);
    }

    /**
     * Events whose input offsets the dead incarnation had committed but whose prediction a later incarnation made:
     * they were in the buffer committed before the kill, and came back from its changelog.
     */
    private long restoredFromBuffer(Kill kill, CommittedPredictions predictions) {
        Map<UUID, SteadyLoad.Position> positions = load.positions();
        return predictions.all().stream().filter(prediction -> {
            SteadyLoad.Position position = positions.get(prediction.eventId());
            return position != null && position.offset() < kill.committed().getOrDefault(position.partition(), 0L)
                    && prediction.scoredTime().isAfter(kill.at());
        }).count();
    }

    private List<ConsumerRecord<String, byte[]>> readDeadLetters() {
        try (TopicReader<byte[]> reader = new TopicReader<>(stack.bootstrapServers(),
                Pattern.compile(Pattern.quote(topics.deadLetters())), new ByteArrayDeserializer())) {
            return reader.readFor(Duration.ofSeconds(1));
        }
    }

    /**
     * Sends the first event of each device and waits until all are scored: the app creates a device's topic before
     * its first prediction, and a hundred of them at once are a cold start this test is not about.
     */
    private void warmUp(ChildStreamApp app) {
        load.sendOneEach();
        await().atMost(FIRST_START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> app.scored() >= DEVICES);
    }

    // the same instance id and state directory in every incarnation, as a restarted pod with its volume: static
    // membership gives the new incarnation the dead one's partitions at once, with no rebalance
    private ChildStreamApp startIncarnation() {
        return pipelines.start(INSTANCE_ID, stateDir);
    }

    /** The input offsets the app committed, by partition of the events topic. */
    private Map<Integer, Long> committedOffsets() throws Exception {
        Map<Integer, Long> committed = new LinkedHashMap<>();
        admin.listConsumerGroupOffsets(pipelines.applicationId()).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS)
                .forEach((partition, offset) -> {
                    if (partition.topic().equals(topics.events()) && offset != null) {
                        committed.put(partition.partition(), offset.offset());
                    }
                });
        return committed;
    }

    /** The end of each partition of the events topic. */
    private Map<Integer, Long> endOffsets() throws Exception {
        int partitions = admin.describeTopics(List.of(topics.events())).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topics.events()).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topics.events(), p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new LinkedHashMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                .forEach((partition, end) -> ends.put(partition.partition(), end.offset()));
        return ends;
    }

    /**
     * What identifies this incarnation to the transaction coordinator: the process id Kafka Streams keeps in its
     * state directory (if it keeps one) and the transactional ids in the log.
     */
    private String identity(ChildStreamApp app) throws IOException {
        Path processFile = stateDir.resolve(pipelines.applicationId()).resolve("kafka-streams-process-metadata");
        String processId = Files.exists(processFile)
                ? Files.readString(processFile, StandardCharsets.UTF_8).strip()
                : "no " + processFile.getFileName() + " in the state directory";
        Matcher ids = TRANSACTIONAL_ID.matcher(Files.readString(app.logFile(), StandardCharsets.UTF_8));
        List<String> transactionalIds = new ArrayList<>();
        while (ids.find()) {
            if (!transactionalIds.contains(ids.group(1))) {
                transactionalIds.add(ids.group(1));
            }
        }
        return "process metadata: " + processId + "; transactional ids: " + transactionalIds;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
