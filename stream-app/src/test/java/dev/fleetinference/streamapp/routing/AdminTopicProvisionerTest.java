package dev.fleetinference.streamapp.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
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

    private static Admin admin;
    private static CountingAdmin counted;

    /** Names of this test's topics start with it: {@code prov-<random>}. */
    private String run;
    /** This test's device topics: {@code prov-<random>.<deviceId>}. */
    private String prefix;

    @BeforeAll
    static void connect(TestStack stack) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
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
    void itReturnsOnlyOnceTheLeadersOfTheTopicsItCreatedAnswerForTheirOffsets() throws Exception {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);
        admin.createTopics(List.of(new NewTopic(prefix + "device-0", 1, (short) 1))).all().get();

        provisioner.ensureExists(List.of(prefix + "device-0", prefix + "device-1", prefix + "device-2"));

        // a producer writing before the leader has the partition's log may have its retry fail as out of order
        assertThat(counted.offsetLookups).as("the partitions of the topics created here, not of the one found")
                .containsExactlyInAnyOrder(
                        new TopicPartition(prefix + "device-1", 0), new TopicPartition(prefix + "device-1", 1),
                        new TopicPartition(prefix + "device-1", 2), new TopicPartition(prefix + "device-2", 0),
                        new TopicPartition(prefix + "device-2", 1), new TopicPartition(prefix + "device-2", 2));
    }

    @Test
    void aTopicItKnowsIsNeverAskedForAgainEvenIfItWasDeletedSince() throws Exception {
        AdminTopicProvisioner provisioner = new AdminTopicProvisioner(counted, SPEC, TIMEOUT);
        String topic = prefix + "device-1";
        provisioner.ensureExists(List.of(topic));
        admin.deleteTopics(List.of(topic)).all().get();
        await().atMost(TIMEOUT).until(() -> !admin.listTopics().names().get().contains(topic));

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
