package dev.fleetinference.devices.registry;

import dev.fleetinference.devices.Device;
import dev.fleetinference.devices.DeviceIds;
import dev.fleetinference.devices.DeviceRecords;
import dev.fleetinference.devices.RegistryTopic;
import dev.fleetinference.devices.directory.DeviceLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry: the one writer of its topic. Registering a device creates, in this order, its predictions
 * topic, its credential and ACLs (on a secured cluster), then its record, so that the pipeline admits its events only
 * once all of it exists; revoking writes the record first, so the pipeline refuses at once, then removes the rest.
 * Every call is idempotent: registering a registered device hands out nothing new and repairs what is missing.
 *
 * <p>On a cluster with no authorizer (an insecure stack) there are no credentials or ACLs to make: a device is then
 * its topic and its signing key.
 */
public final class DeviceRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceRegistry.class);
    private static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_512;
    // Kafka's least; the salted hash is made by this client, one per device, and 10,000 devices are registered at once
    private static final int ITERATIONS = 4096;
    /** Devices registered in one set of requests; the rest in further sets. */
    static final int DEFAULT_BATCH = 1_000;
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"%s\" password=\"%s\";";

    private final RegistryConfig config;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final DeviceAccess access;
    private final Clock clock;
    private final boolean secured;
    private final int batch;

    public DeviceRegistry(RegistryConfig config, Clock clock) {
        this(config, clock, DEFAULT_BATCH);
    }

    /** A registry that registers {@code batch} devices a set of requests: a seam for tests. */
    DeviceRegistry(RegistryConfig config, Clock clock, int batch) {
        this.batch = batch;
        this.config = config;
        this.clock = clock;
        this.access = new DeviceAccess(config.eventsTopic(), config.predictionsPrefix());
        Map<String, Object> adminSettings = new LinkedHashMap<>(config.clientSettings());
        adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        this.admin = Admin.create(adminSettings);
        try {
            RegistryTopic.ensure(admin, config.topic(), config.timeout());
            this.secured = hasAuthorizer();
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        Map<String, Object> producerSettings = new LinkedHashMap<>(config.clientSettings());
        producerSettings.keySet().removeIf(key -> key.startsWith("group."));
        producerSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer());
    }

    /** Whether the cluster checks ACLs, so that devices get credentials and ACLs. */
    public boolean secured() {
        return secured;
    }

    /** Registers one device; see {@link #register(Collection, Optional)}. */
    public Registration register(String deviceId, Optional<String> cohort) {
        return register(List.of(deviceId), cohort).get(0);
    }

    /**
     * Registers devices in a few requests for all of them: their topics, credentials, ACLs, then their records. A
     * device registered already keeps its key and password and gets what it misses; a revoked one is registered
     * anew. Refuses the lot, before any change, if one deviceId is not legal.
     */
    public List<Registration> register(Collection<String> deviceIds, Optional<String> cohort) {
        Set<String> all = new LinkedHashSet<>();
        deviceIds.forEach(id -> all.add(DeviceIds.checked(config.predictionsPrefix(), id)));
        Map<String, Device> known = devices();
        List<String> ordered = List.copyOf(all);
        List<Registration> registrations = new ArrayList<>();
        // KRaft takes at most 10,000 metadata records a request: a device makes 3 for its topic and 3 ACLs
        for (int from = 0; from < ordered.size(); from += batch) {
            registrations.addAll(registerBatch(ordered.subList(from, Math.min(ordered.size(), from + batch)), known,
                    cohort));
        }
        return registrations;
    }

    private List<Registration> registerBatch(List<String> batch, Map<String, Device> known, Optional<String> cohort) {
        Set<String> ids = new LinkedHashSet<>(batch);
        createTopics(ids);
        List<Registration> registrations = new ArrayList<>();
        Map<String, String> passwords = new TreeMap<>();
        for (String id : ids) {
            Device existing = known.get(id);
            if (existing != null && existing.isActive()) {
                registrations.add(new Registration(existing, false, Optional.empty(), Map.of()));
            } else {
                Device device = Device.registered(id, cohort, clock.instant());
                String password = DeviceAccess.newPassword();
                passwords.put(id, password);
                registrations.add(new Registration(device, true, secured ? Optional.of(password) : Optional.empty(),
                        clientSettings(device, password)));
            }
        }
        if (secured) {
            upsertCredentials(passwords);
            await(admin.createAcls(access.bindings(ids)).all(), "create the ACLs of " + describe(ids));
            awaitApplied(ids);
        }
        write(registrations.stream().filter(Registration::created).map(Registration::device).toList());
        log.info("registered {} devices ({} new)", ids.size(), passwords.size());
        return registrations;
    }

    /** A new signing key and password for an active device; the old ones stop working at once. */
    public Registration rotate(String deviceId) {
        Device device = find(deviceId).filter(Device::isActive).orElseThrow(() -> new IllegalArgumentException(
                "device '" + deviceId + "' is not registered, or revoked: register it instead"))
                .rotated(clock.instant());
        String password = DeviceAccess.newPassword();
        if (secured) {
            upsertCredentials(Map.of(deviceId, password));
        }
        write(List.of(device));
        return new Registration(device, true, secured ? Optional.of(password) : Optional.empty(),
                clientSettings(device, password));
    }

    /**
     * Revokes a device: its record first (the pipeline refuses its events from then on), then its ACLs and
     * credential. Its predictions topic stays, with what it holds. Revoking a revoked device repairs what remains.
     */
    public Device revoke(String deviceId) {
        Device device = find(deviceId).orElseThrow(() -> new IllegalArgumentException(
                "device '" + deviceId + "' is not registered"));
        Device revoked = device.isActive() ? device.revoked(clock.instant()) : device;
        if (device.isActive()) {
            write(List.of(revoked));
        }
        if (secured) {
            removeAccess(List.of(deviceId));
        }
        log.info("revoked device '{}'", deviceId);
        return revoked;
    }

    /**
     * Makes (or gives a new password to) the pipeline's own principal {@code User:<user>} with the ACLs of {@code
     * access}, and creates the topics the pipeline shares if they are missing (it may not create them itself): the
     * events and dead-letter topics with {@code eventsPartitions} partitions. Returns the pipeline's client settings;
     * on an open cluster, only the topics are made and the settings are empty.
     */
    public Map<String, String> grantPipeline(String user, PipelineAccess access, int eventsPartitions) {
        List<NewTopic> shared = List.of(
                new NewTopic(access.eventsTopic(), Optional.of(eventsPartitions), Optional.empty()),
                new NewTopic(access.deadLetterTopic(), Optional.of(eventsPartitions), Optional.empty()));
        createIfMissing(shared);
        if (!secured) {
            return Map.of();
        }
        String password = DeviceAccess.newPassword();
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(MECHANISM, ITERATIONS), password))).all(), "set the credential of " + user);
        List<AclBinding> bindings = access.bindings(user);
        await(admin.createAcls(bindings).all(), "create the ACLs of " + user);
        // the pipeline starts right after this: its first request refused would stop it
        awaitApplied(bindings.get(bindings.size() - 1).toFilter(), 1, "User:" + user);
        Map<String, String> settings = loginSettings(user, password);
        log.info("granted the pipeline's principal User:{} its {} ACLs", user, bindings.size());
        return settings;
    }

    /** The device's latest record, if it was ever registered. */
    public Optional<Device> find(String deviceId) {
        return Optional.ofNullable(devices().get(deviceId));
    }

    /** Every device ever registered, by id, as the registry's topic holds it now. */
    public Map<String, Device> devices() {
        Map<String, Device> devices = new TreeMap<>();
        try (DeviceLog reader = new DeviceLog(config.bootstrapServers(), config.topic(), config.clientSettings())) {
            reader.catchUp(config.timeout(), device -> devices.put(device.id(), device));
        }
        return devices;
    }

    /**
     * Compares the registry with the cluster: every active device's topic, ACLs and credential, and nothing left of
     * revoked ones. With {@code repair}, creates what is missing and removes what should be gone; a missing
     * credential needs a new password, which only {@link #rotate} hands out, so it is reported.
     */
    public Drift reconcile(boolean repair) {
        Map<String, Device> devices = devices();
        List<String> findings = new ArrayList<>();
        int repaired = 0;
        Set<String> active = devices.values().stream().filter(Device::isActive).map(Device::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> topics = await(admin.listTopics().names(), "list the topics");
        List<String> missingTopics = active.stream()
                .filter(id -> !topics.contains(config.predictionsPrefix() + id)).toList();
        missingTopics.forEach(id -> findings.add("device '" + id + "' has no topic " + config.predictionsPrefix() + id));
        if (repair && !missingTopics.isEmpty()) {
            createTopics(missingTopics);
            repaired += missingTopics.size();
        }
        if (secured) {
            Set<AclBinding> present = Set.copyOf(await(admin.describeAcls(AclBindingFilter.ANY).values(),
                    "describe the ACLs"));
            List<AclBinding> missing = access.bindings(active).stream().filter(acl -> !present.contains(acl)).toList();
            missing.forEach(acl -> findings.add("missing ACL " + acl.entry().operation() + " on "
                    + acl.pattern().resourceType() + " " + acl.pattern().name() + " for " + acl.entry().principal()));
            if (repair && !missing.isEmpty()) {
                await(admin.createAcls(missing).all(), "create " + missing.size() + " ACLs");
                repaired += missing.size();
            }
            Set<String> users = await(admin.describeUserScramCredentials().all(), "describe the credentials")
                    .keySet();
            active.stream().filter(id -> !users.contains(DeviceAccess.principalName(id))).forEach(id -> findings.add(
                    "device '" + id + "' has no credential: `devices rotate " + id + "` issues one"));
            Set<String> stale = new LinkedHashSet<>();
            for (AclBinding acl : present) {
                String principal = acl.entry().principal();
                String prefix = "User:" + DeviceAccess.PRINCIPAL_PREFIX;
                if (principal.startsWith(prefix) && !active.contains(principal.substring(prefix.length()))) {
                    stale.add(principal.substring(prefix.length()));
                }
            }
            for (String user : users) {
                if (user.startsWith(DeviceAccess.PRINCIPAL_PREFIX)
                        && !active.contains(user.substring(DeviceAccess.PRINCIPAL_PREFIX.length()))) {
                    stale.add(user.substring(DeviceAccess.PRINCIPAL_PREFIX.length()));
                }
            }
            stale.forEach(id -> findings.add("device '" + id + "' is " + (devices.containsKey(id) ? "revoked"
                    : "not registered") + " but still has a credential or ACLs"));
            if (repair && !stale.isEmpty()) {
                removeAccess(stale);
                repaired += stale.size();
            }
        }
        topics.stream().filter(topic -> topic.startsWith(config.predictionsPrefix()))
                .map(topic -> topic.substring(config.predictionsPrefix().length()))
                .filter(id -> !devices.containsKey(id))
                .forEach(id -> findings.add("topic " + config.predictionsPrefix() + id + " belongs to no registered "
                        + "device (left as it is: it may hold data)"));
        return new Drift(findings, repaired);
    }

    private Map<String, String> clientSettings(Device device, String password) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("bootstrap.servers", config.bootstrapServers());
        if (secured) {
            settings.putAll(loginSettings(DeviceAccess.principalName(device.id()), password));
            settings.put("group.id", DeviceAccess.groupOf(device.id()));
        }
        settings.put(Registration.DEVICE_ID_KEY, device.id());
        settings.put(Registration.SIGNING_KEY_KEY, device.signingKey().orElseThrow().base64());
        return settings;
    }

    /** The registry's own TLS settings with {@code user}'s SCRAM login: what a principal it makes connects with. */
    private Map<String, String> loginSettings(String user, String password) {
        Map<String, String> settings = new TreeMap<>();
        config.clientSettings().forEach((key, value) -> {
            if (key.startsWith("ssl.") || key.equals("security.protocol")) {
                settings.put(key, value);
            }
        });
        settings.put("sasl.mechanism", MECHANISM.mechanismName());
        settings.put("sasl.jaas.config", String.format(JAAS, user, password));
        return settings;
    }

    private void createTopics(Collection<String> ids) {
        createIfMissing(ids.stream()
                .map(id -> config.predictionTopics().newTopic(config.predictionsPrefix() + id)).toList());
    }

    private void createIfMissing(List<NewTopic> specs) {
        Map<String, KafkaFuture<Void>> results = admin.createTopics(specs).values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + result.getKey() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("the cluster did not create " + result.getKey() + " within "
                        + config.timeout(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * Waits until a broker applies what the controller committed: credentials and ACLs reach the brokers through the
     * metadata log a moment after the request returns, and a device that logs in at once would be refused. The log
     * is in order, so the last device's last ACL being there means everything before it is.
     */
    private void awaitApplied(Collection<String> ids) {
        String last = null;
        for (String id : ids) {
            last = id;
        }
        if (last != null) {
            awaitApplied(DeviceAccess.everyAclOf(last), access.bindings(last).size(), "device '" + last + "'");
        }
    }

    /** Waits until a broker describes at least {@code expected} ACLs matching {@code filter}, those of {@code whose}. */
    private void awaitApplied(AclBindingFilter filter, int expected, String whose) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (await(admin.describeAcls(filter).values(), "describe the ACLs of " + whose).size() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the brokers did not apply the ACLs of " + whose + " within "
                        + config.timeout());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void upsertCredentials(Map<String, String> passwords) {
        if (passwords.isEmpty()) {
            return;
        }
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        passwords.forEach((id, password) -> upserts.add(new UserScramCredentialUpsertion(
                DeviceAccess.principalName(id), new ScramCredentialInfo(MECHANISM, ITERATIONS), password)));
        await(admin.alterUserScramCredentials(upserts).all(), "set the credentials of " + describe(passwords.keySet()));
    }

    private void removeAccess(Collection<String> ids) {
        await(admin.deleteAcls(ids.stream().map(DeviceAccess::everyAclOf).toList()).all(),
                "delete the ACLs of " + describe(ids));
        Map<String, UserScramCredentialsDescription> users = await(
                admin.describeUserScramCredentials().all(), "describe the credentials");
        List<UserScramCredentialAlteration> deletions = ids.stream().map(DeviceAccess::principalName)
                .filter(users::containsKey)
                .map(user -> (UserScramCredentialAlteration) new UserScramCredentialDeletion(user, MECHANISM))
                .toList();
        if (!deletions.isEmpty()) {
            try {
                await(admin.alterUserScramCredentials(deletions).all(), "delete the credentials of " + describe(ids));
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof ResourceNotFoundException)) {
                    throw e;
                }
            }
        }
    }

    private void write(List<Device> devices) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Device device : devices) {
            sent.add(producer.send(new ProducerRecord<>(config.topic(), device.id(), DeviceRecords.encode(device))));
        }
        producer.flush();
        for (Future<RecordMetadata> result : sent) {
            try {
                result.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot write to the device registry's topic '" + config.topic()
                        + "': " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("the device registry's topic '" + config.topic()
                        + "' took no record within " + config.timeout(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private boolean hasAuthorizer() {
        try {
            admin.describeAcls(AclBindingFilter.ANY).values().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecurityDisabledException) {
                log.info("the cluster has no authorizer: devices get a topic and a signing key, no credential or ACLs");
                return false;
            }
            throw new IllegalStateException("cannot ask the cluster for its ACLs: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not answer within " + config.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not " + what + " within " + config.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }

    private static String describe(Collection<String> ids) {
        return ids.size() == 1 ? "device '" + ids.iterator().next() + "'" : ids.size() + " devices";
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
