package dev.fleetinference.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A device's produce requests one at a time, as its own principal: one event per request, each awaited. A fleet's
 * devices send small requests, so the broker authorizes WRITE on the events topic once per event, against every
 * device's ACL on that one topic; the pipeline's batched requests hide that cost, this shows it.
 */
final class ProbeRequests {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    /** Requests sent, a second, and the median and p99 of their latency in milliseconds. */
    record Figures(int sent, double perSecond, double p50Ms, double p99Ms) {
    }

    private final Map<String, Object> config;
    private final String deviceId;
    private final String eventsTopic;

    /** @param deviceSettings the device's Kafka client settings (security, no {@code fleet.*} or {@code group.*}) */
    ProbeRequests(String bootstrapServers, Map<String, String> deviceSettings, String deviceId, String eventsTopic) {
        this.config = new HashMap<>(deviceSettings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // a device holds no IDEMPOTENT_WRITE on the cluster
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        this.deviceId = deviceId;
        this.eventsTopic = eventsTopic;
    }

    /** Sends one event at a time for {@code duration}, after a few untimed ones (the connection, the metadata). */
    Figures run(Duration duration) {
        Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        byte[] value = new byte[200];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 20; i++) {
                send(producer, value);
            }
            long began = System.nanoTime();
            long end = began + duration.toNanos();
            int sent = 0;
            long now;
            while ((now = System.nanoTime()) < end) {
                send(producer, value);
                micros.recordValue(Math.min(micros.getHighestTrackableValue(), (System.nanoTime() - now) / 1_000));
                sent++;
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            return new Figures(sent, sent / seconds, micros.getValueAtPercentile(50) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0);
        }
    }

    private void send(KafkaProducer<String, byte[]> producer, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(eventsTopic, deviceId, value))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BenchFailedException("the probe device could not write " + eventsTopic + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new BenchFailedException("the probe device's write to " + eventsTopic + " took over "
                    + SEND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailedException("interrupted while the probe device was writing", e);
        }
    }
}
