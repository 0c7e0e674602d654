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
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline scales by adding instances: three JVMs with one application id share the events' partitions, a
 * promotion reaches every one of them, and instances added, stopped and SIGKILLed under a steady load leave every event
 * with exactly one committed prediction.
 */
@WithStack
class ScaleOutTest {

    private static final Logger log = LoggerFactory.getLogger(ScaleOutTest.class);

    private static final int DEVICES = 40;
    private static final int RATE = 300;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    // the targets on an idle machine are 5 s and 10 s; the suite shares two cores with everything else
    private static final Duration PROMOTION_BOUND = Duration.ofSeconds(20);
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(40);

    private static TestStack stack;
    private static RegistryFixture registry;
    private static SchemaRegistryClient schemas;

    private SteadyLoad load;
    private ChildPipelines pipelines;
    private Admin admin;

    @TempDir
    Path stateDirs;

    @BeforeAll
    static void prepare(TestStack testStack) {
        stack = testStack;
        registry = new RegistryFixture(stack);
        schemas = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    @AfterEach
    void stopEverything() {
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
    void instancesAddedPromotedStoppedAndKilledUnderLoadScoreEveryEventExactlyOnce() throws Exception {
        String run = RegistryFixture.newName("scale");
        registry.register(run, CommittedModels.V1);
        registry.promote(run, 1);
        registry.register(run, CommittedModels.V2);
        PipelineTopics topics = PipelineInstance.topics(run);
        pipelines = new ChildPipelines(stack, run, topics, Path.of("target", "scale-out", run).toAbsolutePath(),
                Map.of("FLEET_BATCH_MAX_WAIT", "20ms"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
        load = new SteadyLoad(stack.bootstrapServers(), schemas, topics, DEVICES, new EventFactory(11));
        try {
            ChildStreamApp a = start("scale-a");
            a.awaitReady(START_TIMEOUT);
            load.sendOneEach();
            await().atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> a.scored() >= DEVICES);
            CompletableFuture<Void> sending = load.start(Integer.MAX_VALUE, RATE);

            // scale out: two more instances join under load and take partitions
            ChildStreamApp b = start("scale-b");
            ChildStreamApp c = start("scale-c");
            b.awaitReady(START_TIMEOUT);
            c.awaitReady(START_TIMEOUT);
            long joined = System.nanoTime();
            await("every instance scoring").atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> b.scored() > 0 && c.scored() > 0);
            log.info("3 instances scoring {} ms after the last was ready; scored so far: a {}, b {}, c {}",
                    millisSince(joined), a.scored(), b.scored(), c.scored());

            // a promotion reaches each instance
            long promoted = System.nanoTime();
            registry.promote(run, 2);
            Map<String, Long> reached = new LinkedHashMap<>();
            await("v2 scored by every instance").atMost(PROMOTION_BOUND).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        for (Map.Entry<String, ChildStreamApp> instance : Map.of("a", a, "b", b, "c", c).entrySet()) {
                            if (!reached.containsKey(instance.getKey())
                                    && instance.getValue().scoredWithVersion(2) > 0) {
                                reached.put(instance.getKey(), millisSince(promoted));
                            }
                        }
                        return reached.size() == 3;
                    });
            log.info("promotion to each instance's first v2 score, ms: {}", reached);

            // scale in: b stops gracefully (and leaves the group), then c dies
            Map<TopicPartition, Long> beforeStop = committed(topics);
            long stopped = System.nanoTime();
            assertThat(b.stop()).as("b stopped on SIGTERM").isTrue();
            long stopMillis = millisSince(stopped);
            awaitEveryPartitionAdvances(topics, beforeStop);
            log.info("b stopped in {} ms; every partition committed further {} ms after the SIGTERM", stopMillis,
                    millisSince(stopped));
            Map<TopicPartition, Long> beforeKill = committed(topics);
            long killed = System.nanoTime();
            c.kill();
            awaitEveryPartitionAdvances(topics, beforeKill);
            long failover = millisSince(killed);
            log.info("SIGKILL of c: every partition committed further {} ms later", failover);

            load.stop();
            sending.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            CommittedPredictions predictions = load.readPredictions(STEP_TIMEOUT);
            log.info("{} events sent, {} predictions read_committed; a scored {} of them", load.sentCount(),
                    predictions.total(), a.scored());

            assertThat(load.failures()).as("events the producer could not send").isEmpty();
            assertThat(predictions.duplicated()).as("events with more than one committed prediction").isEmpty();
            assertThat(predictions.eventIds()).as("events with a prediction").isEqualTo(load.sent().keySet());
            assertThat(reached).as("instances that scored with v2").containsOnlyKeys("a", "b", "c");
            assertThat(failover).as("ms from c's SIGKILL until the others moved every partition on")
                    .isLessThan(FAILOVER_BOUND.toMillis());
        } catch (Throwable failure) {
            pipelines.logTails(log);
            throw failure;
        }
    }

    private ChildStreamApp start(String instanceId) {
        return pipelines.start(instanceId, stateDirs.resolve(instanceId));
    }

    /** Waits until every partition of the events topic has a committed offset past {@code before}'s. */
    private void awaitEveryPartitionAdvances(PipelineTopics topics, Map<TopicPartition, Long> before) {
        await("every partition's committed offset advancing").atMost(FAILOVER_BOUND)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Map<TopicPartition, Long> now = committed(topics);
                    return before.entrySet().stream()
                            .allMatch(partition -> now.getOrDefault(partition.getKey(), -1L) > partition.getValue());
                });
    }

    private Map<TopicPartition, Long> committed(PipelineTopics topics) throws Exception {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(pipelines.applicationId())
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        committed.forEach((partition, offset) -> {
            if (partition.topic().equals(topics.events()) && offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
