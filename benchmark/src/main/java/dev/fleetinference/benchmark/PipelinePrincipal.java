package dev.fleetinference.benchmark;

import dev.fleetinference.devices.registry.DeviceAccess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The benchmark's pipeline principal: a SCRAM user that is no super user, so that every request it makes is checked
 * against the ACLs, with PREFIXED ACLs on its application ids (group, transactional ids, internal topics), READ on
 * the events topic and WRITE on every predictions topic ({@code predictions.} PREFIXED: for the benchmark only).
 *
 * @param user              its SCRAM user name
 * @param password          its password
 * @param applicationPrefix the start of every application id it runs as
 * @param eventsTopic       the topic it reads
 * @param predictionsPrefix the start of the topics it writes
 */
record PipelinePrincipal(String user, String password, String applicationPrefix, String eventsTopic,
                         String predictionsPrefix) {

    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(60);

    /** A principal named {@code pipeline} with a new password. */
    static PipelinePrincipal create(String applicationPrefix, String eventsTopic, String predictionsPrefix) {
        return new PipelinePrincipal("pipeline", DeviceAccess.newPassword(), applicationPrefix, eventsTopic,
                predictionsPrefix);
    }

    /** Every ACL it holds. */
    List<AclBinding> bindings() {
        return List.of(
                allow(ResourceType.GROUP, applicationPrefix, PatternType.PREFIXED, AclOperation.READ),
                allow(ResourceType.TRANSACTIONAL_ID, applicationPrefix, PatternType.PREFIXED, AclOperation.WRITE),
                allow(ResourceType.TRANSACTIONAL_ID, applicationPrefix, PatternType.PREFIXED, AclOperation.DESCRIBE),
                // Kafka Streams' internal topics (repartition, changelog) are named after the application id
                allow(ResourceType.TOPIC, applicationPrefix, PatternType.PREFIXED, AclOperation.ALL),
                allow(ResourceType.TOPIC, eventsTopic, PatternType.LITERAL, AclOperation.READ),
                allow(ResourceType.TOPIC, eventsTopic, PatternType.LITERAL, AclOperation.DESCRIBE),
                allow(ResourceType.TOPIC, predictionsPrefix, PatternType.PREFIXED, AclOperation.WRITE),
                allow(ResourceType.TOPIC, predictionsPrefix, PatternType.PREFIXED, AclOperation.DESCRIBE));
    }

    /**
     * Creates its credential and ACLs as the admin, then waits until it can log in: a credential reaches the broker
     * through the metadata log a moment after the controller took it.
     */
    void install(Admin admin, String bootstrapServers, Map<String, String> ownSettings) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all()
                    .get(LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            admin.createAcls(bindings()).all().get(LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailedException("cannot create the pipeline principal: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailedException("interrupted while creating the pipeline principal", e);
        }
        awaitLogin(bootstrapServers, ownSettings, user);
    }

    /** Waits until {@code user} can log in with {@code settings}; BenchFailedException after a minute. */
    static void awaitLogin(String bootstrapServers, Map<String, String> settings, String user) {
        long deadline = System.nanoTime() + LOGIN_TIMEOUT.toNanos();
        Map<String, Object> config = new HashMap<>(settings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        while (true) {
            try (Admin own = Admin.create(config)) {
                own.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new BenchFailedException(user + " could not log in within " + LOGIN_TIMEOUT + ": " + e, e);
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailedException("interrupted while waiting for " + user + " to log in", e);
            }
        }
    }

    private AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    // the generated toString would print the password
    @Override
    public String toString() {
        return "PipelinePrincipal[user=" + user + ", applicationPrefix=" + applicationPrefix + "]";
    }
}
