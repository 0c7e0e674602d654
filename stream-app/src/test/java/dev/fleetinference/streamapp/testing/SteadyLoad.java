package dev.fleetinference.streamapp.testing;

import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.streamapp.CommittedPredictions;
import dev.fleetinference.localstack.streamapp.CommittedRecords;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A fleet's events sent to the pipeline as devices would: keyed by device, at a steady rate in ticks of 10 ms, through
 * whatever the test does to the pipeline meanwhile; it remembers each event's device and where it was written, and
 * reads back every committed prediction to check each event's, by its id.
 */
public final class SteadyLoad implements AutoCloseable {

    private static final int TICKS_PER_SECOND = 100;

    /** Where an event was written: its partition of the events topic and its offset there. */
    public record Position(int partition, long offset) {
    }

    private final String bootstrapServers;
    private final SchemaRegistryClient schemas;
    private final PipelineTopics topics;
    private final int devices;
    private final EventFactory events;
    private final TestFleet fleet;
    private final KafkaProducer<String, FeatureEvent> producer;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "steady-load"));
    private final Map<UUID, String> sent = new ConcurrentHashMap<>();
    private final Map<UUID, Position> positions = new ConcurrentHashMap<>();
    private final Queue<Exception> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger limit = new AtomicInteger(Integer.MAX_VALUE);

    public SteadyLoad(String bootstrapServers, SchemaRegistryClient schemas, PipelineTopics topics, int devices,
                      EventFactory events) {
        this.bootstrapServers = bootstrapServers;
        this.schemas = schemas;
        this.topics = topics;
        this.devices = devices;
        this.events = events;
        this.fleet = TestFleet.of(bootstrapServers, topics)
                .register(IntStream.range(0, devices).mapToObj(this::deviceId).toList());
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), fleet.<FeatureEvent>events(schemas));
    }

    /** {@code device-000}, {@code device-001}, ...: the device the {@code n}th event comes from. */
    public String deviceId(int n) {
        return String.format("device-%03d", n % devices);
    }

    /** The devices' predictions topics. */
    public List<String> deviceTopics() {
        return IntStream.range(0, devices).mapToObj(n -> topics.predictions().topicFor(deviceId(n))).toList();
    }

    /** Sends the first event of each device and waits for the broker's acknowledgements. */
    public void sendOneEach() {
        for (int n = 0; n < devices; n++) {
            send(events.event(deviceId(n)));
        }
        producer.flush();
    }

    /**
     * Sends events until {@code total} have been sent (those sent before count), at {@code rate} a second; done once
     * every one is acknowledged.
     */
    public CompletableFuture<Void> start(int total, int rate) {
        limit.set(total);
        CompletableFuture<Void> done = new CompletableFuture<>();
        int perTick = Math.max(1, rate / TICKS_PER_SECOND);
        ScheduledFuture<?> ticks = sender.scheduleAtFixedRate(() -> {
            if (done.isDone()) {
                return;
            }
            try {
                for (int i = 0; i < perTick && count.get() < limit.get(); i++) {
                    send(events.event(deviceId(count.get())));
                }
                if (count.get() >= limit.get()) {
                    producer.flush();
                    done.complete(null);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, 0, 1_000_000 / TICKS_PER_SECOND, TimeUnit.MICROSECONDS);
        done.whenComplete((ignored, e) -> ticks.cancel(false));
        return done;
    }

    /** Sends no more: the future {@link #start} returned completes once what was sent is acknowledged. */
    public void stop() {
        limit.set(0);
    }

    /** Events sent so far. */
    public int sentCount() {
        return count.get();
    }

    /** Each event sent, by id, with its device. */
    public Map<UUID, String> sent() {
        return Map.copyOf(sent);
    }

    /** Where each acknowledged event was written. */
    public Map<UUID, Position> positions() {
        return Map.copyOf(positions);
    }

    /** Sends the broker refused. */
    public List<Exception> failures() {
        return List.copyOf(failures);
    }

    /**
     * Every prediction committed on the devices' topics, read as a device would (read_committed), once there are at
     * least as many as events sent, and then for a quiet period to show there are no more (a duplicate, say).
     */
    public CommittedPredictions readPredictions(Duration timeout) {
        CommittedPredictions predictions = new CommittedPredictions(
                AvroDeserializer.forSpecific(schemas, Prediction.class, AvroSerdeConfig.forValues()));
        try (CommittedRecords records = new CommittedRecords(bootstrapServers, deviceTopics(), timeout)) {
            await("at least " + sent.size() + " committed predictions").atMost(timeout).pollInSameThread()
                    .until(() -> {
                        records.readFor(Duration.ofMillis(200), predictions);
                        return predictions.total() >= sent.size();
                    });
            records.readFor(Duration.ofSeconds(3), predictions);
        }
        return predictions;
    }

    @Override
    public void close() {
        sender.shutdownNow();
        producer.close(Duration.ZERO);
        fleet.close();
    }

    private void send(FeatureEvent event) {
        sent.put(event.getEventId(), event.getDeviceId());
        count.incrementAndGet();
        producer.send(new ProducerRecord<>(topics.events(), event.getDeviceId(), event), (written, failure) -> {
            if (failure != null) {
                failures.add(failure);
            } else {
                positions.put(event.getEventId(), new Position(written.partition(), written.offset()));
            }
        });
    }
}
