package dev.fleetinference.streamapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import dev.fleetinference.streamapp.deadletter.DeadLetters;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.streamapp.routing.TopicProvisioningException;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.EventFactory;
import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.streamapp.testing.PipelineClients;
import dev.fleetinference.streamapp.testing.PipelineInstance;
import dev.fleetinference.streamapp.testing.TestFleet;
import dev.fleetinference.streamapp.testing.RegistryFixture;
import dev.fleetinference.streamapp.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on the embedded stack: real broker, schema registry, model registry and TensorFlow models. */
@WithStack
class ScoringPipelineTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    private static TestStack stack;
    private static RegistryFixture registry;
    private static SchemaRegistryClient schemas;

    private final List<StreamApp> apps = new ArrayList<>();
    private final Map<PipelineTopics, TestFleet> fleets = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    @BeforeAll
    static void prepare(TestStack testStack) {
        stack = testStack;
        registry = new RegistryFixture(stack);
        schemas = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    @AfterEach
    void closeApps() {
        apps.forEach(StreamApp::close);
        fleets.values().forEach(TestFleet::close);
    }

    /** The devices of the pipeline whose topics are {@code topics}. */
    private TestFleet fleet(PipelineTopics topics) {
        return fleets.computeIfAbsent(topics, named -> TestFleet.of(stack, named));
    }

    @Test
    void scoresTenThousandEventsFromAHundredDevicesExactlyOnceEachOnItsDevicesOwnTopic() throws Exception {
        String run = RegistryFixture.newName("tenk");
        ModelVersion v1 = registerAndPromote(run, CommittedModels.V1);
        StreamApp app = start(run);
        PipelineTopics topics = PipelineInstance.topics(run);
        EventFactory events = new EventFactory(1);
        Set<UUID> sent = new HashSet<>();

        fleet(topics).register(IntStream.range(0, 100).mapToObj(i -> String.format("device-%03d", i)).toList());
        try (KafkaProducer<String, FeatureEvent> producer = eventProducer(topics)) {
            for (int i = 0; i < 10_000; i++) {
                FeatureEvent event = events.event(String.format("device-%03d", i % 100));
                sent.add(event.getEventId());
                producer.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), event));
            }
        }

        List<ConsumerRecord<String, Prediction>> predictions;
        try (TopicReader<Prediction> reader = predictionReader(topics)) {
            reader.readAtLeast(10_000, READ_TIMEOUT);
            predictions = reader.readFor(Duration.ofSeconds(2));
        }
        assertThat(predictions).hasSize(10_000);
        assertThat(predictions.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet()))
                .isEqualTo(sent);
        assertThat(predictions).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo(topics.predictions().topicFor(record.value().getDeviceId()));
            assertThat(record.key()).isEqualTo(record.value().getDeviceId());
            assertThat(record.value().getModel().getVersion()).isEqualTo(1);
            assertThat(record.value().getModel().getDigest()).isEqualTo(v1.getDigest());
            assertThat(record.value().getLabel()).isIn("normal", "anomaly");
        });
        assertThat(predictions.stream().map(ConsumerRecord::topic).distinct()).hasSize(100);

        assertThat(get(app, "/health/ready").statusCode()).isEqualTo(200);
        assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
        String metrics = get(app, "/metrics").body();
        assertThat(metrics)
                .contains("fleet_events_scored_total{model=\"" + run + "\",version=\"1\"} 10000.0")
                .contains("fleet_model_version " + "1.0")
                .contains("fleet_event_to_score_seconds_bucket")
                .contains("fleet_inference_seconds_count")
                .as("every event in a batch").contains("fleet_batch_size_sum 10000.0")
                .contains("kafka_stream_")
                .as("no series per device topic").doesNotContain(topics.predictions().prefix());
    }

    @Test
    void aPromotionMidStreamScoresEveryEventOnceAndNoDeviceSeesVersionOneAfterVersionTwo() throws Exception {
        String run = RegistryFixture.newName("swap");
        registerAndPromote(run, CommittedModels.V1);
        ModelVersion v2 = registry.register(run, CommittedModels.V2);
        StreamApp app = start(run);
        PipelineTopics topics = PipelineInstance.topics(run);
        EventFactory events = new EventFactory(2);
        int total = 6_000;
        Set<UUID> sent = ConcurrentHashMap.newKeySet();
        CountDownLatch thirdSent = new CountDownLatch(1);
        CountDownLatch promoted = new CountDownLatch(1);

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            fleet(topics).register(IntStream.range(0, 50).mapToObj(i -> String.format("device-%02d", i)).toList());
            try (KafkaProducer<String, FeatureEvent> producer = eventProducer(topics)) {
                for (int i = 0; i < total; i++) {
                    FeatureEvent event = events.event(String.format("device-%02d", i % 50));
                    sent.add(event.getEventId());
                    producer.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), event));
                    if (i % 200 == 199) {
                        // a steady stream over a few seconds, so the promotion lands in the middle of it
                        producer.flush();
                        await().pollDelay(Duration.ofMillis(100)).until(() -> true);
                    }
                    if (i == total / 3) {
                        producer.flush();
                        thirdSent.countDown();
                        // the rest waits for the promotion: on a loaded machine the first third could otherwise all
                        // be sent, and scored, on one side of it
                        await().atMost(Duration.ofSeconds(60)).until(() -> promoted.getCount() == 0);
                    }
                }
            }
        });
        assertThat(thirdSent.await(60, TimeUnit.SECONDS)).isTrue();
        // version 1 has scored some of the first third (a cold instance may take seconds to its first commit)
        try (TopicReader<Prediction> firstScored = predictionReader(topics)) {
            firstScored.readAtLeast(1, READ_TIMEOUT);
        }
        registry.promote(run, 2);
        // events of the first third may still be in flight; everything sent from now on is version 2's
        await().atMost(Duration.ofSeconds(30)).until(() -> app.models().swapCount() == 2);
        promoted.countDown();
        sending.get(120, TimeUnit.SECONDS);

        List<ConsumerRecord<String, Prediction>> predictions;
        try (TopicReader<Prediction> reader = predictionReader(topics)) {
            reader.readAtLeast(total, READ_TIMEOUT);
            predictions = reader.readFor(Duration.ofSeconds(2));
        }
        assertThat(predictions).hasSize(total);
        assertThat(predictions.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet())).isEqualTo(sent);
        Map<Integer, Long> byVersion = predictions.stream()
                .collect(Collectors.groupingBy(r -> r.value().getModel().getVersion(), Collectors.counting()));
        assertThat(byVersion).containsOnlyKeys(1, 2);
        assertThat(predictions).filteredOn(r -> r.value().getModel().getVersion() == 2)
                .allSatisfy(r -> assertThat(r.value().getModel().getDigest()).isEqualTo(v2.getDigest()));
        Map<String, List<ConsumerRecord<String, Prediction>>> byPartition = predictions.stream()
                .collect(Collectors.groupingBy(r -> r.topic() + "-" + r.partition()));
        byPartition.forEach((partition, records) -> {
            List<Integer> versions = records.stream().sorted((a, b) -> Long.compare(a.offset(), b.offset()))
                    .map(r -> r.value().getModel().getVersion()).toList();
            int firstV2 = versions.indexOf(2);
            if (firstV2 >= 0) {
                assertThat(versions.subList(firstV2, versions.size())).as("versions on %s", partition)
                        .containsOnly(2);
            }
        });
        assertThat(app.models().swapCount()).isEqualTo(2);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAsTheyCameWithTheirReasonAndTheGoodOnesAreScored() throws Exception {
        String run = RegistryFixture.newName("poison");
        registerAndPromote(run, CommittedModels.V1);
        StreamApp app = start(run);
        PipelineTopics topics = PipelineInstance.topics(run);
        EventFactory events = new EventFactory(3);
        AvroSerializer<FeatureEvent> serializer = new AvroSerializer<>(schemas, AvroSerdeConfig.forValues());
        Random random = new Random(3);
        String feature = events.featureNames().get(2);

        Map<String, ProducerRecord<byte[], byte[]>> poison = new LinkedHashMap<>();
        byte[] noise = new byte[64];
        random.nextBytes(noise);
        noise[0] = 7;
        poison.put("undecodable", raw(topics, "device-1", noise));
        byte[] unknownSchema = ByteBuffer.allocate(20).put((byte) 0).putInt(987_654).array();
        poison.put("undecodable-schema-id", raw(topics, "device-1", unknownSchema));
        poison.put("non-finite-feature", signed(topics, "device-2",
                serializer.serialize(topics.events(), events.eventWith("device-2", feature, Float.NaN)), "device-2"));
        poison.put("non-finite-feature-inf", signed(topics, "device-2", serializer.serialize(topics.events(),
                events.eventWith("device-2", feature, Float.POSITIVE_INFINITY)), "device-2"));
        poison.put("missing-feature", signed(topics, "device-3",
                serializer.serialize(topics.events(), events.eventWith("device-3", feature, null)), "device-3"));
        poison.put("illegal-device-id", raw(topics, "bad/id",
                serializer.serialize(topics.events(), events.event("bad/id"))));
        poison.put("missing-device-id", raw(topics, "", serializer.serialize(topics.events(), events.event(""))));
        String longId = "d".repeat(250);
        poison.put("device-id-too-long", raw(topics, longId,
                serializer.serialize(topics.events(), events.event(longId))));
        poison.put("key-mismatch", raw(topics, "device-4",
                serializer.serialize(topics.events(), events.event("device-5"))));
        // who sent it: a device no one registered (which must get no topic), an unsigned event, device-6 speaking
        // for device-7 with its own key, and a revoked device with the key it had
        poison.put("unknown-device", signed(topics, "stranger-1",
                serializer.serialize(topics.events(), events.event("stranger-1")), "device-1"));
        poison.put("unauthenticated", raw(topics, "device-7",
                serializer.serialize(topics.events(), events.event("device-7"))));
        poison.put("unauthenticated-impersonation", signed(topics, "device-7",
                serializer.serialize(topics.events(), events.event("device-7")), "device-6"));
        fleet(topics).register(List.of("device-0", "device-1", "device-2", "device-3", "device-4", "device-5",
                "device-6", "device-7", "device-8", "device-9", "revoked-1"));
        poison.put("revoked-device", signed(topics, "revoked-1",
                serializer.serialize(topics.events(), events.event("revoked-1")), "revoked-1"));
        fleet(topics).revoke("revoked-1");
        // the last record of all: its dead letter must be committed though no good event follows it
        poison.put("undecodable-last", raw(topics, "device-1", new byte[] {0, 0}));
        poison.forEach((name, record) -> record.headers().add("trace-id", name.getBytes(StandardCharsets.UTF_8)));

        Set<UUID> good = new HashSet<>();
        Map<String, RecordMetadata> written = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
            for (int i = 0; i < 300; i++) {
                FeatureEvent event = events.event("device-" + (i % 10));
                good.add(event.getEventId());
                producer.send(signed(topics, event.getDeviceId(), serializer.serialize(topics.events(), event),
                        event.getDeviceId()));
                if (i % 20 == 10 && i / 20 < poison.size() - 1) {
                    Map.Entry<String, ProducerRecord<byte[], byte[]>> bad = new ArrayList<>(poison.entrySet()).get(i / 20);
                    written.put(bad.getKey(), producer.send(bad.getValue()).get());
                }
            }
            written.put("undecodable-last", producer.send(poison.get("undecodable-last")).get());
        }
        assertThat(written).hasSize(poison.size());

        List<ConsumerRecord<String, byte[]>> deadLetters;
        try (TopicReader<byte[]> reader = new TopicReader<>(stack.bootstrapServers(),
                Pattern.compile(Pattern.quote(topics.deadLetters())), new ByteArrayDeserializer())) {
            reader.readAtLeast(poison.size(), READ_TIMEOUT);
            deadLetters = reader.readFor(Duration.ofSeconds(1));
        }
        assertThat(deadLetters).hasSize(poison.size());
        poison.forEach((name, sentRecord) -> {
            RecordMetadata at = written.get(name);
            ConsumerRecord<String, byte[]> dead = deadLetters.stream()
                    .filter(r -> header(r, DeadLetters.OFFSET).equals(Long.toString(at.offset()))
                            && header(r, DeadLetters.PARTITION).equals(Integer.toString(at.partition())))
                    .findFirst().orElseThrow(() -> new AssertionError("no dead letter for " + name));
            String expectedReason = name.replaceAll("-(schema-id|inf|last|impersonation)$", "");
            assertThat(header(dead, DeadLetters.REASON)).as(name).isEqualTo(expectedReason);
            assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo(topics.events());
            assertThat(header(dead, DeadLetters.EXCEPTION)).isNotBlank();
            assertThat(header(dead, "trace-id")).isEqualTo(name);
            assertThat(dead.value()).as(name).isEqualTo(sentRecord.value());
            assertThat(dead.key()).isEqualTo(new String(sentRecord.key(), StandardCharsets.UTF_8));
        });

        List<ConsumerRecord<String, Prediction>> predictions;
        try (TopicReader<Prediction> reader = predictionReader(topics)) {
            reader.readAtLeast(good.size(), READ_TIMEOUT);
            predictions = reader.readFor(Duration.ofSeconds(1));
        }
        assertThat(predictions.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet())).isEqualTo(good);
        assertThat(predictions).hasSize(good.size());
        assertThat(get(app, "/metrics").body())
                .contains("fleet_dead_letters_total{reason=\"undecodable\"} 3.0")
                .contains("fleet_dead_letters_total{reason=\"non-finite-feature\"} 2.0")
                .contains("fleet_dead_letters_total{reason=\"key-mismatch\"} 1.0")
                .contains("fleet_dead_letters_total{reason=\"unauthenticated\"} 2.0");
        // no topic for an event the pipeline refused, nor for a device that is not registered
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).filteredOn(name -> name.startsWith(
                    topics.predictions().prefix())).doesNotContain(topics.predictions().topicFor("stranger-1"),
                    topics.predictions().topicFor("bad/id"), topics.predictions().topicFor(""));
        }
    }

    @Test
    void twoInstancesShareThePartitionsAndTogetherScoreEveryEventOnce() throws Exception {
        String run = RegistryFixture.newName("scale");
        registerAndPromote(run, CommittedModels.V1);
        StreamApp first = start(run, "instance-1");
        StreamApp second = start(run, "instance-2");
        PipelineTopics topics = PipelineInstance.topics(run);
        EventFactory events = new EventFactory(4);
        Set<UUID> sent = new HashSet<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> isRunning(first) && isRunning(second));

        fleet(topics).register(IntStream.range(0, 40).mapToObj(i -> String.format("device-%02d", i)).toList());
        try (KafkaProducer<String, FeatureEvent> producer = eventProducer(topics)) {
            for (int i = 0; i < 4_000; i++) {
                FeatureEvent event = events.event(String.format("device-%02d", i % 40));
                sent.add(event.getEventId());
                producer.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), event));
            }
        }

        List<ConsumerRecord<String, Prediction>> predictions;
        try (TopicReader<Prediction> reader = predictionReader(topics)) {
            reader.readAtLeast(sent.size(), READ_TIMEOUT);
            predictions = reader.readFor(Duration.ofSeconds(1));
        }
        assertThat(predictions).hasSize(sent.size());
        assertThat(predictions.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet())).isEqualTo(sent);
        assertThat(scoredBy(first)).isPositive();
        assertThat(scoredBy(second)).isPositive();
        assertThat(scoredBy(first) + scoredBy(second)).isEqualTo(sent.size());
    }

    @Test
    void aDeviceTopicDeletedWhileTheAppRunsIsCreatedAgainAndTheDevicesNextEventsArePredictedOnceEach()
            throws Exception {
        String run = RegistryFixture.newName("deleted");
        registerAndPromote(run, CommittedModels.V1);
        StreamApp app = start(run);
        PipelineTopics topics = PipelineInstance.topics(run);
        String deleted = topics.predictions().topicFor("device-1");
        EventFactory events = new EventFactory(5);
        try (KafkaProducer<String, FeatureEvent> producer = eventProducer(topics);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            sendSteadily(producer, topics, events, 100);
            try (TopicReader<Prediction> reader = predictionReader(topics)) {
                reader.readAtLeast(100, READ_TIMEOUT);
            }

            Uuid before = topicId(admin, deleted).orElseThrow();
            admin.deleteTopics(List.of(deleted)).all().get();
            // gone, or already created again by the app (a new topic id): the app may be quicker than a listing
            await().atMost(READ_TIMEOUT).until(() -> !topicId(admin, deleted).equals(Optional.of(before)));
            Set<UUID> sent = sendSteadily(producer, topics, events, 200);

            List<ConsumerRecord<String, Prediction>> predictions;
            try (TopicReader<Prediction> reader = predictionReader(Pattern.compile(Pattern.quote(deleted)))) {
                reader.readAtLeast(sent.size(), READ_TIMEOUT);
                predictions = reader.readFor(Duration.ofSeconds(2));
            }
            assertThat(predictions.stream().map(r -> r.value().getEventId()).toList())
                    .as("each event the device sent after its topic was deleted, once, on the topic created again")
                    .hasSize(sent.size()).containsExactlyInAnyOrderElementsOf(sent);
        }
        assertThat(app.streamsState()).contains(KafkaStreams.State.RUNNING);
        assertThat(get(app, "/metrics").body()).contains("fleet_stream_threads_replaced_total 0.0");
    }

    /** Sends {@code count} events of device-1, a few a time over a second or two; returns their ids. */
    private static Set<UUID> sendSteadily(KafkaProducer<String, FeatureEvent> producer, PipelineTopics topics,
                                          EventFactory events, int count) {
        Set<UUID> sent = new HashSet<>();
        for (int i = 0; i < count; i++) {
            FeatureEvent event = events.event("device-1");
            sent.add(event.getEventId());
            producer.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), event));
            if (i % 10 == 9) {
                producer.flush();
                await().pollDelay(Duration.ofMillis(50)).until(() -> true);
            }
        }
        producer.flush();
        return sent;
    }

    @Test
    void predictionTopicsTheClusterWouldRefuseStopTheStartWithTheReason() {
        String run = RegistryFixture.newName("refused");
        StreamAppConfig config = PipelineInstance.config(stack, run, run, "instance-1", stateDir.resolve(run));
        StreamAppConfig threeReplicas = new StreamAppConfig(config.bootstrapServers(), config.schemaRegistryUrl(),
                config.modelRegistryUrl(), config.registryToken(), config.modelName(), config.applicationId(),
                config.instanceId(), config.httpHost(), config.httpPort(), config.stateDir(), config.cacheDir(),
                config.topics(), config.eventsPartitions(),
                new PredictionTopicSpec(1, Optional.of((short) 3), Duration.ofDays(1)), config.processingGuarantee(),
                config.streamThreads(), config.commitInterval(), config.batching(), config.scoring(),
                config.tensorFlowIntraOpThreads(), config.tensorFlowInterOpThreads(), config.kafka());

        assertThatThrownBy(() -> StreamApp.create(threeReplicas))
                .isInstanceOf(TopicProvisioningException.class)
                .hasMessageContaining("would refuse to create predictions topics")
                .hasMessageContaining("replication factor");
    }

    private ModelVersion registerAndPromote(String model, Path dir) {
        registry.register(model, dir);
        return registry.promote(model, 1);
    }

    private StreamApp start(String run) throws InterruptedException {
        return start(run, "instance-1");
    }

    private StreamApp start(String run, String instance) throws InterruptedException {
        StreamApp app = PipelineInstance.start(PipelineInstance.config(stack, run, run, instance,
                stateDir.resolve(run + "-" + instance)));
        apps.add(app);
        return app;
    }

    private static boolean isRunning(StreamApp app) {
        return app.streamsState().filter(state -> state == KafkaStreams.State.RUNNING).isPresent();
    }

    /** Events the instance scored, from its own metrics endpoint. */
    private long scoredBy(StreamApp app) throws Exception {
        Matcher matcher = Pattern.compile("fleet_events_scored_total\\{[^}]*} ([0-9.E]+)")
                .matcher(get(app, "/metrics").body());
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }

    private KafkaProducer<String, FeatureEvent> eventProducer(PipelineTopics topics) {
        return PipelineClients.eventProducer(stack, schemas, fleet(topics));
    }

    private KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A record as a device might send it, unsigned. */
    private static ProducerRecord<byte[], byte[]> raw(PipelineTopics topics, String key, byte[] value) {
        return new ProducerRecord<>(topics.events(), key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** A record signed with {@code signer}'s key (the event's own device's, or another's to impersonate it). */
    private ProducerRecord<byte[], byte[]> signed(PipelineTopics topics, String key, byte[] value, String signer) {
        ProducerRecord<byte[], byte[]> record = raw(topics, key, value);
        record.headers().add(EventSignature.HEADER, fleet(topics).sign(signer, value));
        return record;
    }

    private TopicReader<Prediction> predictionReader(PipelineTopics topics) {
        return predictionReader(Pattern.compile(Pattern.quote(topics.predictions().prefix()) + ".*"));
    }

    private TopicReader<Prediction> predictionReader(Pattern topics) {
        return new TopicReader<>(stack.bootstrapServers(), topics,
                AvroDeserializer.forSpecific(schemas, Prediction.class, AvroSerdeConfig.forValues()));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(StreamApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The id of {@code topic} now, or empty if the cluster has no such topic. */
    private static Optional<Uuid> topicId(Admin admin, String topic) throws InterruptedException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot describe " + topic, e.getCause());
        }
    }
}
