package dev.fleetinference.benchmark;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One registered device's round trip through the pipeline, with its own credentials only: it sends events to the
 * events topic at a modest rate and reads the pipeline's output from its own predictions topic (read_committed), each
 * event carrying its send time. The first tenth is not timed (connections, the first fetches).
 */
final class ProbeRoundTrip {

    private static final int VALUE_BYTES = 200;
    private static final Duration POLL = Duration.ofMillis(2);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** The figures of one probe: answered of sent (the timed ones), p50 and p99 in milliseconds. */
    record Figures(int sent, int answered, double p50Ms, double p99Ms) {
    }

    private final String bootstrapServers;
    private final Map<String, String> deviceSettings;
    private final String deviceId;
    private final String eventsTopic;
    private final String ownTopic;

    /** @param deviceSettings the device's client settings, as the registry handed them out (group.id among them) */
    ProbeRoundTrip(String bootstrapServers, Map<String, String> deviceSettings, String deviceId, String eventsTopic,
                   String ownTopic) {
        this.bootstrapServers = bootstrapServers;
        this.deviceSettings = Map.copyOf(deviceSettings);
        this.deviceId = deviceId;
        this.eventsTopic = eventsTopic;
        this.ownTopic = ownTopic;
    }

    /** Sends {@code events} at {@code rate} a second and times each back; the pipeline must be running. */
    Figures run(int events, double rate) {
        int untimed = events / 10;
        Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        try (KafkaConsumer<String, byte[]> consumer = consumer();
             KafkaProducer<String, byte[]> producer = producer()) {
            TopicPartition own = new TopicPartition(ownTopic, 0);
            // assigned, not subscribed: no group join to wait for; each fetch is still checked against its READ ACL
            consumer.assign(List.of(own));
            consumer.seekToEnd(List.of(own));
            consumer.position(own);
            long origin = System.nanoTime();
            int sent = 0;
            int answered = 0;
            long drainDeadline = Long.MAX_VALUE;
            while (answered < events - untimed && System.nanoTime() < drainDeadline) {
                long due = Math.min(events, (long) ((System.nanoTime() - origin) * rate / 1e9) + 1);
                while (sent < due) {
                    producer.send(new ProducerRecord<>(eventsTopic, deviceId, value(sent, System.nanoTime())));
                    sent++;
                    if (sent == events) {
                        producer.flush();
                        drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
                    }
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    long now = System.nanoTime();
                    ByteBuffer value = ByteBuffer.wrap(record.value());
                    int sequence = value.getInt();
                    long sentNanos = value.getLong();
                    if (sequence >= untimed) {
                        micros.recordValue(Math.max(0, Math.min(micros.getHighestTrackableValue(),
                                (now - sentNanos) / 1_000)));
                        answered++;
                    }
                }
            }
            return new Figures(events - untimed, answered, micros.getValueAtPercentile(50) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0);
        }
    }

    private static byte[] value(int sequence, long sentNanos) {
        return ByteBuffer.allocate(VALUE_BYTES).putInt(sequence).putLong(sentNanos).array();
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(deviceSettings);
        deviceSettings.keySet().stream().filter(key -> key.startsWith("fleet.")).forEach(config::remove);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(deviceSettings);
        deviceSettings.keySet().stream().filter(key -> key.startsWith("fleet.") || key.startsWith("group."))
                .forEach(config::remove);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // a device holds no IDEMPOTENT_WRITE on the cluster and no transactional id
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
