package dev.fleetinference.streamapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.streamapp.batching.BatchSettings;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.EvolvedFeatureEvent;
import dev.fleetinference.streamapp.testing.EventFactory;
import dev.fleetinference.streamapp.testing.OpsClient;
import dev.fleetinference.streamapp.testing.PipelineClients;
import dev.fleetinference.streamapp.testing.TestFleet;
import dev.fleetinference.streamapp.testing.PipelineInstance;
import dev.fleetinference.streamapp.testing.RegistryFixture;
import dev.fleetinference.streamapp.testing.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry goes away for 15 s while the fleet goes on sending and one device, on new firmware, sends
 * events of a schema version the app has not read yet: the pipeline waits for the registry and goes on as soon as it
 * is back, every event scored exactly once, no stream thread lost, the instance never shut down.
 */
@WithStack
class SchemaRegistryOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    // a replaced stream thread rejoins under a new member id and waits out the old one's session (45 s)
    private static final Duration RESUMED_WITHIN = Duration.ofSeconds(12);
    private static final Duration SEND_INTERVAL = Duration.ofMillis(20);
    private static final EnumSet<KafkaStreams.State> FAILED =
            EnumSet.of(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);

    @TempDir
    Path stateDir;

    @Test
    void aFifteenSecondOutagePausesThePipelineWhichGoesOnByItselfAsSoonAsTheRegistryIsBack(TestStack stack)
            throws Exception {
        String run = RegistryFixture.newName("schema-outage");
        RegistryFixture registry = new RegistryFixture(stack);
        registry.register(run, CommittedModels.V1);
        registry.promote(run, 1);
        PipelineTopics topics = PipelineInstance.topics(run);
        SchemaRegistryClient schemas = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
        EventFactory events = new EventFactory(21);
        Set<UUID> sent = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService fleet = Executors.newSingleThreadScheduledExecutor();

        // commits 5 s apart: the thread's transaction is open when its wait for the registry begins, and the wait
        // outlasts the transaction timeout (7 s) twice over
        StreamAppConfig config = PipelineInstance.config(stack, run, run, "instance-1", stateDir,
                BatchSettings.defaults(), Duration.ofSeconds(5));
        try (StreamApp app = PipelineInstance.start(config);
             TestFleet registered = TestFleet.of(stack, topics);
             KafkaProducer<String, IndexedRecord> devices = PipelineClients.eventProducer(stack, schemas, registered);
             TopicReader<Prediction> predictions = PipelineClients.predictionReader(stack, schemas, topics)) {
            OpsClient ops = new OpsClient(app.httpPort());
            // the app learns the ids of the schemas it reads and writes
            for (int i = 0; i < 100; i++) {
                FeatureEvent event = events.event("device-" + i % 10);
                devices.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), event));
                sent.add(event.getEventId());
            }
            devices.flush();
            predictions.readAtLeast(sent.size(), READ_TIMEOUT);
            // the new firmware's schema version is registered before the outage: the device has its id, the app not
            schemas.register(AvroSerdeConfig.forValues().subject(topics.events()), EvolvedFeatureEvent.SCHEMA);
            AtomicInteger count = new AtomicInteger();

            stack.stopSchemaRegistry();
            long stoppedAt = System.nanoTime();
            try {
                fleet.scheduleAtFixedRate(() -> {
                    int i = count.getAndIncrement();
                    // the updated device starts a little later, so the app is in the middle of its work then
                    boolean updated = i >= 100 && i % 5 == 0;
                    FeatureEvent event = events.event(updated ? "device-new-firmware" : "device-" + i % 10);
                    IndexedRecord written = updated ? EvolvedFeatureEvent.of(event, "beta") : event;
                    devices.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), written));
                    sent.add(event.getEventId());
                }, 0, SEND_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                await().during(OUTAGE.minusNanos(System.nanoTime() - stoppedAt)).atMost(OUTAGE.plusSeconds(10))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> app.streamsState().filter(FAILED::contains).isEmpty());
            } finally {
                stack.startSchemaRegistry();
                fleet.shutdown();
            }
            long backAt = System.nanoTime();
            assertThat(fleet.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            devices.flush();

            predictions.readAtLeast(sent.size(), READ_TIMEOUT);
            Duration resumedAfter = Duration.ofNanos(System.nanoTime() - backAt);
            List<ConsumerRecord<String, Prediction>> all = predictions.readFor(Duration.ofSeconds(2));
            double replaced = ops.metric("fleet_stream_threads_replaced_total");
            System.out.printf("schema registry outage of %d s, %d events: all scored %d ms after it was back; %.0f "
                    + "stream thread(s) replaced%n", OUTAGE.toSeconds(), sent.size(), resumedAfter.toMillis(), replaced);

            assertThat(all).hasSize(sent.size());
            assertThat(all.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet())).isEqualTo(sent);
            assertThat(resumedAfter).isLessThanOrEqualTo(RESUMED_WITHIN);
            assertThat(replaced).as("stream threads replaced").isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> app.streamsState()
                    .filter(state -> state == KafkaStreams.State.RUNNING).isPresent());
            assertThat(ops.status("/health/live")).isEqualTo(200);
        } finally {
            fleet.shutdownNow();
        }
    }
}
