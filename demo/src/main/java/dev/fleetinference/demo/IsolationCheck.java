package dev.fleetinference.demo;

import dev.fleetinference.devices.registry.Registration;
import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.devices.signing.SigningKey;
import dev.fleetinference.localstack.streamapp.CommittedRecords;
import dev.fleetinference.schemas.FeatureEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Each registered device, logged in with its own credentials, tries to read the next device's predictions topic
 * and to publish an event as the next device (signed with its own key, the only one it has). On a secured stack the
 * reads are refused and the events dead-lettered as {@code unauthenticated}; the check counts both, each event by
 * its exact bytes in the dead-letter topic and by its id on the other device's topic.
 */
final class IsolationCheck {

    private static final Duration READ_TRY = Duration.ofSeconds(10);
    private static final int PARALLEL = 4;

    private final String bootstrapServers;
    private final String eventsTopic;
    private final String predictionsPrefix;
    private final Function<FeatureEvent, byte[]> serializer;

    /**
     * @param serializer an event in the wire format, as a device's serializer writes it
     */
    IsolationCheck(String bootstrapServers, String eventsTopic, String predictionsPrefix,
                   Function<FeatureEvent, byte[]> serializer) {
        this.bootstrapServers = bootstrapServers;
        this.eventsTopic = eventsTopic;
        this.predictionsPrefix = predictionsPrefix;
        this.serializer = serializer;
    }

    /** What the devices tried: reads of another's topic refused or not, events sent in another's name. */
    record Tries(boolean secured, int devices, int readsRefused, int readsAllowed, List<byte[]> impersonations,
                 Set<UUID> impersonationIds, Set<String> impersonated) {
    }

    /** What became of the impersonations: dead-lettered as unauthenticated, scored on the other device's topic. */
    record Outcome(Tries tries, int deadLettered, int scored) {

        /** No impersonation scored, every one dead-lettered, and on a secured stack no read allowed. */
        boolean holds() {
            return scored == 0 && deadLettered == tries.impersonations().size()
                    && (!tries.secured() || tries.readsAllowed() == 0);
        }
    }

    /** Every device in {@code registrations} (those handed out credentials) tries; returns what happened. */
    Tries run(List<Registration> registrations, boolean secured) throws InterruptedException {
        List<Registration> devices = registrations.stream().filter(Registration::created).toList();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<Attempt>> attempts = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                Registration self = devices.get(i);
                String other = devices.get((i + 1) % devices.size()).device().id();
                attempts.add(pool.submit(() -> attempt(self, other)));
            }
            int refused = 0;
            int allowed = 0;
            List<byte[]> sent = new ArrayList<>();
            Set<UUID> ids = new HashSet<>();
            Set<String> targets = new HashSet<>();
            for (Future<Attempt> future : attempts) {
                Attempt attempt = future.get();
                if (attempt.readRefused()) {
                    refused++;
                } else {
                    allowed++;
                }
                sent.add(attempt.value());
                ids.add(attempt.eventId());
                targets.add(attempt.target());
            }
            return new Tries(secured, devices.size(), refused, allowed, List.copyOf(sent), Set.copyOf(ids), Set.copyOf(targets));
        } catch (ExecutionException e) {
            throw new DemoFailedException("a device's isolation check failed: " + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Counts the impersonations among the dead letters (by their exact bytes, reason {@code unauthenticated}) and
     * among the impersonated devices' predictions (by event id), reading as {@code clientSettings} (the admin).
     */
    Outcome outcome(Tries tries, String deadLetterTopic, Map<String, String> clientSettings, Duration timeout,
                    Function<byte[], UUID> predictionEventId) {
        Set<String> sentBytes = new HashSet<>();
        tries.impersonations().forEach(bytes -> sentBytes.add(HexFormat.of().formatHex(bytes)));
        int[] deadLettered = {0};
        int[] scored = {0};
        try (CommittedRecords letters = new CommittedRecords(bootstrapServers, clientSettings,
                List.of(deadLetterTopic), timeout)) {
            letters.readToEnd(timeout, record -> {
                Header reason = record.headers().lastHeader(DeadLetterCount.REASON_HEADER);
                if (reason != null && "unauthenticated".equals(new String(reason.value(), StandardCharsets.UTF_8))
                        && record.value() != null
                        && sentBytes.contains(HexFormat.of().formatHex(record.value()))) {
                    deadLettered[0]++;
                }
            });
            try (CommittedRecords predictions = new CommittedRecords(bootstrapServers, clientSettings,
                    tries.impersonated().stream().map(id -> predictionsPrefix + id).toList(), timeout)) {
                predictions.readToEnd(timeout, record -> {
                    if (tries.impersonationIds().contains(predictionEventId.apply(record.value()))) {
                        scored[0]++;
                    }
                });
            }
        } catch (TimeoutException e) {
            throw new DemoFailedException("could not read what became of the impersonations within " + timeout, e);
        }
        return new Outcome(tries, deadLettered[0], scored[0]);
    }

    private record Attempt(boolean readRefused, byte[] value, UUID eventId, String target) {
    }

    private Attempt attempt(Registration self, String other) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        self.clientSettings().forEach((key, value) -> {
            if (!key.startsWith("fleet.")) {
                settings.put(key, value);
            }
        });
        boolean refused;
        Map<String, Object> consumerSettings = new HashMap<>(settings);
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition theirs = new TopicPartition(predictionsPrefix + other, 0);
            consumer.assign(List.of(theirs));
            consumer.seekToBeginning(List.of(theirs));
            try {
                consumer.poll(READ_TRY);
                refused = false;
            } catch (TopicAuthorizationException e) {
                refused = true;
            }
        }
        FeatureEvent event = FeatureEvent.newBuilder().setDeviceId(other).setEventId(UUID.randomUUID())
                .setEventTime(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setFeatures(Map.of("temperature_c", 41.5f)).setAttributes(Map.of("site", "isolation-check"))
                .build();
        byte[] value = serializer.apply(event);
        SigningKey own = self.device().signingKey().orElseThrow();
        Map<String, Object> producerSettings = new HashMap<>(settings);
        producerSettings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(eventsTopic, other, value);
            record.headers().add(EventSignature.HEADER, EventSignature.sign(own, value));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
        return new Attempt(refused, value, event.getEventId(), other);
    }
}
