package dev.fleetinference.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.ClusterClients;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A secured single-node cluster: only a known user over TLS gets in, and only as far as its ACLs let it. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecuredKafkaClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static KafkaCluster cluster;
    private static ClusterClients asAdmin;

    @BeforeAll
    static void startSecured() {
        start();
    }

    @AfterAll
    static void stopIt() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theAdminCreatesATopicWritesToItAndReadsItBack() throws Exception {
        TopicPartition partition = asAdmin.createTopic("secured-greetings", 1);

        asAdmin.produce(partition.topic(), List.of("hello", "fleet"));

        assertThat(asAdmin.readAll(partition)).containsExactly("hello", "fleet");
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (Admin admin = Admin.create(new ClusterClients(cluster.bootstrapServers(),
                cluster.clientSettings(ClusterSecurity.ADMIN, "not-the-password")).config(shortTimeouts()))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aPlaintextClientGetsNoAnswer() {
        // no TLS: the broker drops the connection at its first bytes, so the client never hears anything back
        try (Admin admin = Admin.create(new ClusterClients(cluster.bootstrapServers()).config(shortTimeouts()))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void aNewUserIsDeniedATopicUntilALiteralAclLetsItRead() throws Exception {
        TopicPartition partition = asAdmin.createTopic("predictions.device-7", 1);
        asAdmin.produce(partition.topic(), List.of("score 0.93"));
        ClusterClients asDevice = new ClusterClients(cluster.bootstrapServers(),
                cluster.clientSettings("device-7", "device-7-password"));
        try (Admin admin = asAdmin.admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("device-7",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "device-7-password")))
                    .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        // the credential reaches the broker through the metadata log, a moment after the controller took it
        await().atMost(TIMEOUT).ignoreExceptionsInstanceOf(ExecutionException.class)
                .until(() -> canLogIn(asDevice));

        assertThatThrownBy(() -> asDevice.readAll(partition)).isInstanceOf(TopicAuthorizationException.class);

        try (Admin admin = asAdmin.admin()) {
            admin.createAcls(List.of(
                    allow("device-7", new ResourcePattern(ResourceType.TOPIC, partition.topic(), PatternType.LITERAL)),
                    allow("device-7", new ResourcePattern(ResourceType.GROUP, "device-7", PatternType.LITERAL))))
                    .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(TIMEOUT).ignoreExceptionsInstanceOf(TopicAuthorizationException.class)
                .until(() -> readAsGroupMember(asDevice, partition.topic(), "device-7"), List.of("score 0.93")::equals);
    }

    @Test
    void aClusterRestartedOnItsDataDirectoryKeepsItsCredentialsAndData() throws Exception {
        TopicPartition partition = asAdmin.createTopic("kept", 1);
        asAdmin.produce(partition.topic(), List.of("before the restart"));
        Map<String, String> before = cluster.adminClientSettings();

        cluster.close();
        start();

        assertThat(cluster.adminClientSettings()).isEqualTo(before);
        assertThat(asAdmin.readAll(partition)).containsExactly("before the restart");
    }

    @Test
    void adminPropertiesHoldTheAdminLoginForItsOwnerOnly() throws IOException {
        Path file = cluster.adminPropertiesFile().orElseThrow();
        Properties written = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            written.load(in);
        }

        assertThat(file).isEqualTo(dataDir.toAbsolutePath().resolve("admin.properties"));
        assertThat(written).containsExactlyInAnyOrderEntriesOf(cluster.adminClientSettings());
        assertThat(cluster.adminClientSettings())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.location",
                        dataDir.toAbsolutePath().resolve("security/client.truststore.p12").toString())
                .containsKey("ssl.truststore.password")
                .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat(jaas)
                        .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
                        .contains("username=\"admin\""));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            for (Path secret : List.of(file, dataDir.resolve("security/secrets.properties"),
                    dataDir.resolve("security/broker.keystore.p12"), dataDir.resolve("server.properties"))) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                        .as("mode of %s", secret).isEqualTo("rw-------");
            }
        }
    }

    private static void start() {
        cluster = KafkaCluster.start(KafkaClusterConfig.inDirectory(dataDir, 1).withSecurity(Security.SECURED));
        asAdmin = new ClusterClients(cluster.bootstrapServers(), cluster.adminClientSettings());
    }

    private static boolean canLogIn(ClusterClients clients) throws Exception {
        try (Admin admin = Admin.create(clients.config(shortTimeouts()))) {
            admin.describeCluster().nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return true;
        }
    }

    /** Joins {@code group}, reads {@code topic} from its start to its end now, and commits (group READ). */
    private static List<String> readAsGroupMember(ClusterClients clients, String topic, String group) {
        Map<String, Object> own = new HashMap<>(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        try (var consumer = new KafkaConsumer<>(clients.config(own), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            consumer.commitSync(TIMEOUT);
            return values;
        }
    }

    private static AclBinding allow(String user, ResourcePattern resource) {
        return new AclBinding(resource, new AccessControlEntry("User:" + user, "*", AclOperation.READ,
                AclPermissionType.ALLOW));
    }

    /** A refusal or a silence reaches the test within seconds, not after the client's default minute. */
    private static Map<String, Object> shortTimeouts() {
        return Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    }
}
