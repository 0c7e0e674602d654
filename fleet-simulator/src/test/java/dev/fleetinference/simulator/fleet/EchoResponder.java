package dev.fleetinference.simulator.fleet;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.ModelLineage;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scoring pipeline's stand-in until it exists: a real Kafka consumer of the events topic and a real producer
 * that answers each event with a {@link Prediction} on its device's predictions topic, as its {@link Plan} says.
 * Events of the flagged devices are labelled "anomaly"; model versions 1 and 2 take turns.
 */
public final class EchoResponder implements AutoCloseable {

    /** What the responder does with one event. */
    public enum Answer {
        ONCE,
        TWICE,
        NONE,
        /** Once, on the predictions topic of a device other than the sender. */
        ON_ANOTHER_DEVICES_TOPIC
    }

    /** How the responder answers the {@code index}-th event it reads (from 0). */
    @FunctionalInterface
    public interface Plan {
        Answer answer(long index);
    }

    /**
     * @param plan                       how each event is answered
     * @param flaggedDevices             the devices whose events are labelled "anomaly"
     * @param createsTopicsOnFirstEvent  whether the responder creates a device's predictions topic when it first
     *                                   answers that device, as the pipeline's provisioner will
     */
    public record Options(Plan plan, Set<String> flaggedDevices, boolean createsTopicsOnFirstEvent) {

        public static Options answeringAll() {
            return new Options(index -> Answer.ONCE, Set.of(), false);
        }

        public Options withPlan(Plan value) {
            return new Options(value, flaggedDevices, createsTopicsOnFirstEvent);
        }

        public Options flagging(Set<String> devices) {
            return new Options(plan, Set.copyOf(devices), createsTopicsOnFirstEvent);
        }

        public Options creatingTopicsOnFirstEvent() {
            return new Options(plan, flaggedDevices, true);
        }
    }

    private final Topics topics;
    private final Options options;
    private final KafkaConsumer<String, FeatureEvent> consumer;
    private final KafkaProducer<String, Prediction> producer;
    private final Admin admin;
    private final Set<String> existingTopics = new HashSet<>();
    private final List<ConsumerRecord<String, FeatureEvent>> events = new ArrayList<>();
    private final Set<UUID> unanswered = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;

    private EchoResponder(TestStack stack, Topics topics, Options options) {
        this.topics = topics;
        this.options = options;
        SchemaRegistryClient registry = new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "echo-responder",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(),
                AvroDeserializer.forSpecific(registry, FeatureEvent.class, AvroSerdeConfig.forValues()));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // it may write to a topic it created a moment before: see FleetClients.producer
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new AvroSerializer<Prediction>(registry, AvroSerdeConfig.forValues()));
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
        List<TopicPartition> partitions = consumer.partitionsFor(topics.events(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("create the events topic " + topics.events() + " first");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "echo-responder");
    }

    /** Starts answering the events on {@code topics.events()}, from its beginning. */
    public static EchoResponder start(TestStack stack, Topics topics, Options options) {
        EchoResponder responder = new EchoResponder(stack, topics, options);
        responder.thread.start();
        return responder;
    }

    /** The event records read so far, in the order they were answered. */
    public List<ConsumerRecord<String, FeatureEvent>> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Events that were never answered on their own device's topic. */
    public Set<UUID> unanswered() {
        return Set.copyOf(unanswered);
    }

    private void run() {
        long index = 0;
        try {
            while (!stopping) {
                for (ConsumerRecord<String, FeatureEvent> record : consumer.poll(Duration.ofMillis(100))) {
                    synchronized (events) {
                        events.add(record);
                    }
                    answer(index++, record.value());
                }
            }
        } catch (WakeupException e) {
            // close() asked the loop to end
        } catch (RuntimeException | ExecutionException | InterruptedException e) {
            failure.compareAndSet(null, e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void answer(long index, FeatureEvent event) throws ExecutionException, InterruptedException {
        String device = event.getDeviceId();
        Prediction prediction = prediction(index, event);
        switch (options.plan().answer(index)) {
            case ONCE -> send(device, prediction);
            case TWICE -> {
                send(device, prediction);
                send(device, prediction);
            }
            case NONE -> unanswered.add(event.getEventId());
            case ON_ANOTHER_DEVICES_TOPIC -> {
                send(device.equals("device-0001") ? "device-0002" : "device-0001", prediction);
                unanswered.add(event.getEventId());
            }
        }
    }

    private void send(String toDevice, Prediction prediction) throws ExecutionException, InterruptedException {
        String topic = topics.predictionsFor(toDevice);
        if (options.createsTopicsOnFirstEvent() && existingTopics.add(topic)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("creating " + topic + " took more than 30 s", e);
            }
        }
        producer.send(new ProducerRecord<>(topic, prediction.getDeviceId(), prediction), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    private Prediction prediction(long index, FeatureEvent event) {
        boolean flagged = options.flaggedDevices().contains(event.getDeviceId());
        float score = flagged ? 0.9f : 0.1f;
        return Prediction.newBuilder()
                .setEventId(event.getEventId())
                .setDeviceId(event.getDeviceId())
                .setModel(new ModelLineage("anomaly", 1 + (int) (index % 2), "0".repeat(64)))
                .setScore(score)
                .setScores(Map.of("score", score))
                .setLabel(flagged ? "anomaly" : "normal")
                .setEventTime(event.getEventTime())
                .setScoredTime(Instant.now())
                .build();
    }

    /** Stops answering; fails if anything went wrong while answering. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        Throwable problem = failure.get();
        if (problem != null) {
            throw new AssertionError("the echo responder failed", problem);
        }
    }
}
