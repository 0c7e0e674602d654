package dev.fleetinference.streamapp.routing;

import dev.fleetinference.devices.PredictionTopicSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creating each device's predictions topic on the stack's real broker: once, with the spec's partitions and
 * retention, cached afterwards, and tolerant of another instance creating it first.
 */
@WithStack
class AdminTopicProvisionerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final PredictionTopicSpec SPEC = new PredictionTopicSpec(3, Optional.empty(), Duration.ofHours(36));

    private static Map<String, Object> config;
    private static Admin admin;
    private static CountingAdmin counted;

    /** Names of this test's topics start with it: {@code prov-<random>}. */
    private String run;
    /** This test's device topics: {@code prov-<random>.<deviceId>}. */
    private String prefix;

    @BeforeAll
    static void connect(TestStack stack) {
        config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        admin = Admin.create(config);
        counted = new CountingAdmin(config);
    }

    @AfterAll
    static void disconnect() {
        admin.close();
        counted.close();
    }

    @BeforeEach
    void freshNames() {
        run = "prov-" + UUID.randomUUID().toString().substring(0, 8);
        prefix = run + ".";
        counted.requests.clear();
        counted.offsetLookups.clear();
    }

    @AfterEach
    void deleteTopics() throws Exception {
        List<String> ours = admin.listTopics().names().get().stream().filter(name -> name.startsWith(run)).toList();
        admin.deleteTopics(ours).all().get();
    }

    @Test
    void createsTheMissingTopicsInOneRequestWithTheSpecsPartitionsAndRetention() throws Exception {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);

        provisioner.ensureExists(List.of(prefix + "device-1", prefix + "device-2", prefix + "device-1"));

        assertThat(counted.requests).containsExactly(List.of(prefix + "device-1", prefix + "device-2"));
        assertThat(provisioner.createdCount()).isEqualTo(2);
        Map<String, TopicDescription> topics = described(List.of(prefix + "device-1", prefix + "device-2"));
        assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
        assertThat(topicConfig(prefix + "device-1", TopicConfig.RETENTION_MS_CONFIG))
                .isEqualTo(Long.toString(Duration.ofHours(36).toMillis()));
        assertThat(topicConfig(prefix + "device-2", TopicConfig.CLEANUP_POLICY_CONFIG))
                .isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
    }

    @Test
    void itReturnsOnlyOnceTheLeadersOfEveryTopicAskedForAnswerForTheirOffsetsThoseFoundExistingToo()
            throws Exception {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);
        admin.createTopics(List.of(new NewTopic(prefix + "device-0", 1, (short) 1))).all().get();

        provisioner.ensureExists(List.of(prefix + "device-0", prefix + "device-1", prefix + "device-2"));

        // a producer writing before the leader has the partition's log may have its retry fail as out of order; a
        // topic another instance created a moment before is no further along than one created here
        assertThat(counted.offsetLookups).as("the partitions of the topics created here and of the one found")
                .containsExactlyInAnyOrder(new TopicPartition(prefix + "device-0", 0),
                        new TopicPartition(prefix + "device-1", 0), new TopicPartition(prefix + "device-1", 1),
                        new TopicPartition(prefix + "device-1", 2), new TopicPartition(prefix + "device-2", 0),
                        new TopicPartition(prefix + "device-2", 1), new TopicPartition(prefix + "device-2", 2));
    }

    @Test
    void aTopicItIsToldToForgetIsAskedForAgainAndCreatedAnewIfItWasDeleted() throws Exception {
        String topic = prefix + "device-1";
        AdminTopicProvisioner provisioner = provisionedThenDeleted(topic);

        provisioner.forget(topic);
        provisioner.ensureExists(topic);
        provisioner.ensureExists(topic);

        assertThat(counted.requests).containsExactly(List.of(topic), List.of(topic));
        assertThat(provisioner.createdCount()).isEqualTo(2);
        assertThat(described(List.of(topic)).get(topic).partitions()).hasSize(SPEC.partitions());
    }

    @Test
    void aTopicDeletedWhilePredictionsAreWrittenToItIsFoundAtTheNextLookAndCreatedAgain() throws Exception {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);
        String written = prefix + "device-1";
        String idle = prefix + "device-2";
        provisioner.ensureExists(List.of(idle));
        provisioner.ensureExists(written);
        deleteAndAwaitGone(List.of(written, idle));

        assertThat(provisioner.recreateGone()).as("the topic written to since the last look").containsExactly(written);
        assertThat(provisioner.recreateGone()).as("nothing written since").isEmpty();

        assertThat(described(List.of(written)).get(written).partitions()).hasSize(SPEC.partitions());
        assertThat(admin.listTopics().names().get()).doesNotContain(idle);
    }

    @Test
    void aTopicWrittenJustBeforeALookThatStillFoundItIsLookedAtOnceMore() throws Exception {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);
        String written = prefix + "device-1";
        provisioner.ensureExists(written);
        // the look comes while the deletion is not yet seen, and the thread then holds a record for the topic
        // (under exactly-once) and writes nothing more
        assertThat(provisioner.recreateGone()).as("still there at the first look").isEmpty();
        deleteAndAwaitGone(List.of(written));

        assertThat(provisioner.recreateGone()).as("the next look").containsExactly(written);
        assertThat(described(List.of(written)).get(written).partitions()).hasSize(SPEC.partitions());
    }

    @Test
    void anExistingTopicWithOtherPartitionsOrRetentionIsReportedOnceAndUsedAsItIs() throws Exception {
        String other = prefix + "device-1";
        String same = prefix + "device-2";
        admin.createTopics(List.of(new NewTopic(other, 2, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()))),
                SPEC.newTopic(same))).all().get();
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);

        provisioner.ensureExists(List.of(other, same, prefix + "device-3"));
        provisioner.ensureExists(List.of(other, same));

        assertThat(provisioner.specMismatchCount()).as("device-1 alone, once").isEqualTo(1);
        assertThat(described(List.of(other)).get(other).partitions()).hasSize(2);
        List<TopicSpecMismatch> mismatches = new TopicSpecCheck(admin, SPEC)
                .mismatches(described(List.of(other, same)).values(), Deadline.after(TIMEOUT));
        assertThat(mismatches).singleElement().satisfies(mismatch -> assertThat(mismatch.describe())
                .as("what the warning says").contains(other)
                .contains("2 partition(s), 3 configured").contains("retention PT1H, PT36H configured"));
    }

    @Test
    void learningTheExistingTopicsReportsThoseThatDifferFromTheSpec() throws Exception {
        admin.createTopics(List.of(new NewTopic(prefix + "device-1", 1, (short) 1), SPEC.newTopic(prefix + "device-2")))
                .all().get();
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);

        provisioner.learnExisting(prefix);

        assertThat(provisioner.specMismatchCount()).isEqualTo(1);
    }

    @Test
    void creationAndTheLeaderWaitShareOneDeadline() {
        Duration deadline = Duration.ofSeconds(2);
        try (SlowController slow = new SlowController(config, deadline.multipliedBy(6).dividedBy(10))) {
            AdminTopicProvisioner provisioner = new AdminTopicProvisioner(slow, SPEC, deadline);

            // the controller confirms the topic after 60% of the deadline and no leader ever answers for it: the
            // call must give up at the deadline, not wait the whole deadline again for the leader
            assertTimeout(deadline.plusMillis(500), () -> assertThatThrownBy(
                    () -> provisioner.ensureExists(List.of(prefix + "device-1")))
                    .isInstanceOf(TopicProvisioningException.class)
                    .hasMessageContaining("no ready leader"));
        }
    }

    @Test
    void aTopicTheClusterRefusesLeavesTheOthersOfItsRequestKnown() {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);
        provisioner.ensureExists(List.of(prefix + "device_1"));

        assertThatThrownBy(() -> provisioner.ensureExists(List.of(prefix + "device.1", prefix + "device-2")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(prefix + "device.1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(prefix + "device-2"));
        provisioner.ensureExists(List.of(prefix + "device-2"));

        assertThat(counted.requests).as("device-2's topic is known since the request that created it")
                .containsExactly(List.of(prefix + "device_1"), List.of(prefix + "device.1", prefix + "device-2"));
    }

    @Test
    void aTopicItKnowsIsNeverAskedForAgainEvenIfItWasDeletedSince() throws Exception {
        String topic = prefix + "device-1";
        AdminTopicProvisioner provisioner = provisionedThenDeleted(topic);

        provisioner.ensureExists(List.of(topic));
        provisioner.ensureExists(List.of(topic, topic));

        assertThat(counted.requests).hasSize(1);
        assertThat(provisioner.createdCount()).isEqualTo(1);
        assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }

    @Test
    void aTopicAnotherInstanceCreatedFirstCountsAsThereAndIsLeftAsItIs() throws Exception {
        String topic = prefix + "device-1";
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);

        provisioner.ensureExists(List.of(topic, prefix + "device-2"));
        provisioner.ensureExists(List.of(topic));

        assertThat(counted.requests).containsExactly(List.of(topic, prefix + "device-2"));
        assertThat(provisioner.createdCount()).as("only device-2's topic was created here").isEqualTo(1);
        assertThat(described(List.of(topic)).get(topic).partitions()).hasSize(2);
    }

    /** A provisioner that created {@code topic}, which was deleted since. */
    private static AdminTopicProvisioner provisionedThenDeleted(String topic) throws Exception {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);
        provisioner.ensureExists(List.of(topic));
        deleteAndAwaitGone(List.of(topic));
        return provisioner;
    }

    private static void deleteAndAwaitGone(List<String> topics) throws Exception {
        admin.deleteTopics(topics).all().get();
        await().atMost(TIMEOUT).until(() -> admin.listTopics().names().get().stream().noneMatch(topics::contains));
    }

    // a created topic reaches the broker's metadata a moment after the controller answered the request
    private Map<String, TopicDescription> described(List<String> topics) {
        return await().atMost(TIMEOUT).ignoreExceptions()
                .until(() -> admin.describeTopics(topics).allTopicNames().get(), described -> true);
    }

    @Test
    void learningTheExistingTopicsOfAPrefixSparesTheirRequests() throws Exception {
        admin.createTopics(List.of(new NewTopic(prefix + "device-1", 1, (short) 1),
                new NewTopic(prefix + "device-2", 1, (short) 1),
                new NewTopic(run + "-other", 1, (short) 1))).all().get();
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);

        assertThat(provisioner.learnExisting(prefix)).isEqualTo(2);
        provisioner.ensureExists(List.of(prefix + "device-1", prefix + "device-2"));

        assertThat(counted.requests).isEmpty();
        provisioner.ensureExists(List.of(prefix + "device-2", prefix + "device-3"));
        assertThat(counted.requests).containsExactly(List.of(prefix + "device-3"));
    }

    @Test
    void aTopicTheClusterCannotCreateFailsNamingTheTopicAndIsNotCached() {
        PredictionTopicSpec threeReplicas = new PredictionTopicSpec(1, Optional.of((short) 3), Duration.ofDays(1));
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, threeReplicas, TIMEOUT);
        String topic = prefix + "device-1";

        assertThatThrownBy(() -> provisioner.ensureExists(List.of(topic)))
                .isInstanceOf(TopicProvisioningException.class)
                .hasMessageContaining("cannot create topic " + topic)
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);
        assertThatThrownBy(() -> provisioner.ensureExists(List.of(topic)))
                .isInstanceOf(TopicProvisioningException.class);
        assertThat(counted.requests).hasSize(2);
        assertThat(provisioner.createdCount()).isZero();
    }

    @Test
    void checkingASpecTheClusterAcceptsCreatesNoTopic() throws Exception {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);

        provisioner.checkSpec(prefix + "provisioning-check");

        assertThat(admin.listTopics().names().get()).doesNotContain(prefix + "provisioning-check");
        assertThat(provisioner.createdCount()).isZero();
    }

    @Test
    void checkingASpecTheClusterWouldRefuseFailsAtOnceNamingTheSpec() throws Exception {
        PredictionTopicSpec threeReplicas = new PredictionTopicSpec(1, Optional.of((short) 3), Duration.ofDays(1));
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, threeReplicas, TIMEOUT);

        assertThatThrownBy(() -> provisioner.checkSpec(prefix + "provisioning-check"))
                .isInstanceOf(TopicProvisioningException.class)
                .hasMessageContaining("would refuse to create predictions topics as configured")
                .hasMessageContaining(threeReplicas.toString())
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);
        assertThat(admin.listTopics().names().get()).doesNotContain(prefix + "provisioning-check");
    }

    @Test
    void aDeviceTopicNameTheBrokerRefusesForGoodMakesTheEventUnscorableRatherThanFailingTheTask() {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);
        provisioner.ensureExists(List.of(prefix + "device_1"));

        // both ids are legal, yet Kafka's metric names cannot tell the two topics apart, so it refuses the second

        assertThatThrownBy(() -> provisioner.ensureExists(List.of(prefix + "device.1")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(prefix + "device.1")
                .hasMessageContaining("collides");
    }

    private static String topicConfig(String topic, String name) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
    }

    /**
     * A cluster whose controller takes {@code delay} to confirm each new topic and then never has it: its leader
     * never answers.
     */
    private static final class SlowController extends ForwardingAdmin {

        private final Duration delay;
        private final ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();

        SlowController(Map<String, Object> config, Duration delay) {
            super(config);
            this.delay = delay;
        }

        @Override
        public CreateTopicsResult createTopics(Collection<NewTopic> topics, CreateTopicsOptions options) {
            Map<String, KafkaFuture<CreateTopicsResult.TopicMetadataAndConfig>> confirmations = new HashMap<>();
            for (NewTopic topic : topics) {
                KafkaFutureImpl<CreateTopicsResult.TopicMetadataAndConfig> confirmed = new KafkaFutureImpl<>();
                controller.schedule(() -> confirmed.complete(new CreateTopicsResult.TopicMetadataAndConfig(
                        Uuid.randomUuid(), 1, 1, null)), delay.toMillis(), TimeUnit.MILLISECONDS);
                confirmations.put(topic.name(), confirmed);
            }
            return new CreateTopicsResult(confirmations) {
            };
        }

        @Override
        public void close(Duration timeout) {
            controller.shutdownNow();
            // the provisioner's look for a leader that never comes is still retrying inside the client: a close that
            // waited for it (try-with-resources waits forever) held this test 300 s once; abandon it at once
            super.close(Duration.ZERO);
        }
    }

    /** An Admin client that remembers the topics of each create request it passes on. */
    private static final class CountingAdmin extends ForwardingAdmin {

        final List<List<String>> requests = new ArrayList<>();
        final List<TopicPartition> offsetLookups = new ArrayList<>();

        CountingAdmin(Map<String, Object> config) {
            super(config);
        }

        @Override
        public CreateTopicsResult createTopics(Collection<NewTopic> topics, CreateTopicsOptions options) {
            requests.add(topics.stream().map(NewTopic::name).toList());
            return super.createTopics(topics, options);
        }

        @Override
        public ListOffsetsResult listOffsets(Map<TopicPartition, OffsetSpec> partitions, ListOffsetsOptions options) {
            offsetLookups.addAll(partitions.keySet());
            return super.listOffsets(partitions, options);
        }
    }
}
