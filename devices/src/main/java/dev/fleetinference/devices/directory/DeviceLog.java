package dev.fleetinference.devices.directory;

import dev.fleetinference.devices.Device;
import dev.fleetinference.devices.DeviceRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the device registry's topic from its beginning, by assignment (no group), and hands each device record to a
 * sink in order. It belongs to one thread at a time, as a Kafka consumer does.
 */
public final class DeviceLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceLog.class);

    private final String topic;
    private final TopicPartition partition;
    private final KafkaConsumer<String, byte[]> consumer;

    /**
     * @param clientSettings further consumer settings (security, say); the reader's own (offsets, no group) win
     */
    public DeviceLog(String bootstrapServers, String topic, Map<String, ?> clientSettings) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.keySet().removeIf(key -> key.startsWith("group."));
        settings.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "device-log-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // a fetch that finds nothing new answers within this, so a follower learns of registrations quickly
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50));
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** Delivers what arrives within {@code timeout}; returns how many records were delivered. */
    public int poll(Duration timeout, Consumer<Device> sink) {
        int delivered = 0;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.value() == null) {
                // nobody writes tombstones here; a compacted topic may still be cleaned by hand
                continue;
            }
            Device device;
            try {
                device = DeviceRecords.decode(record.value());
            } catch (IllegalArgumentException e) {
                // another tool's record must not stop the pipeline's admission of every device
                log.warn("skipping unreadable record at offset {} of '{}' (key {}): {}", record.offset(), topic,
                        record.key(), e.getMessage());
                continue;
            }
            sink.accept(device);
            delivered++;
        }
        return delivered;
    }

    /** The topic's end offset, asked of the cluster now. */
    public long endOffset(Duration timeout) {
        return consumer.endOffsets(List.of(partition), timeout).get(partition);
    }

    /** The offset of the next record this reader delivers. */
    public long position(Duration timeout) {
        return consumer.position(partition, timeout);
    }

    /** Delivers every record up to the end offset as of this call. */
    public void catchUp(Duration timeout, Consumer<Device> sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long end = endOffset(timeout);
        while (position(timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read '" + topic + "' to its end (offset " + end
                        + ") within " + timeout);
            }
            poll(Duration.ofMillis(100), sink);
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
