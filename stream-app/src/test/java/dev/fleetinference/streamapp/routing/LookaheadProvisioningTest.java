package dev.fleetinference.streamapp.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class LookaheadProvisioningTest {

    private static final DeviceTopics TOPICS = new DeviceTopics("predictions.");

    private final List<List<String>> requests = new ArrayList<>();

    @Test
    void createsTheTopicsOfEveryLegalDeviceInAPolledBatchInOneRequest() {
        LookaheadProvisioning interceptor = interceptor(topics -> requests.add(List.copyOf(topics)));
        ConsumerRecords<byte[], byte[]> batch = batch(
                record("device-events", "device-1"), record("device-events", "device-2"),
                record("device-events", "device-1"), record("device-events", "bad/id"),
                record("device-events", null), record("other-topic", "device-3"));

        ConsumerRecords<byte[], byte[]> passed = interceptor.onConsume(batch);

        assertThat(passed).isSameAs(batch);
        assertThat(requests).containsExactly(List.of("predictions.device-1", "predictions.device-2"));
    }

    @Test
    void aKeyOfNoRegisteredDeviceMakesNoTopic() {
        LookaheadProvisioning interceptor = interceptor(topics -> requests.add(List.copyOf(topics)));

        interceptor.onConsume(batch(record("device-events", "stranger-1"), record("device-events", "device-1"),
                record("device-events", "..")));

        assertThat(requests).containsExactly(List.of("predictions.device-1"));
    }

    @Test
    void aFailureToCreateAheadLetsTheBatchThroughForTheEventsOwnStepToRetry() {
        LookaheadProvisioning interceptor = interceptor(topics -> {
            throw new TopicProvisioningException("the cluster is away", null);
        });
        ConsumerRecords<byte[], byte[]> batch = batch(record("device-events", "device-1"));

        assertThat(interceptor.onConsume(batch)).isSameAs(batch);
    }

    @Test
    void aBatchWithoutNewDevicesAsksForNothing() {
        LookaheadProvisioning interceptor = interceptor(topics -> requests.add(List.copyOf(topics)));

        interceptor.onConsume(batch(record("device-events", null)));

        assertThat(requests).isEmpty();
    }

    @Test
    void refusesToStartWithoutItsLookahead() {
        assertThatThrownBy(() -> new LookaheadProvisioning().configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LookaheadProvisioning.CONFIG_KEY);
    }

    private static LookaheadProvisioning interceptor(TopicProvisioner provisioner) {
        LookaheadProvisioning interceptor = new LookaheadProvisioning();
        interceptor.configure(Map.of(LookaheadProvisioning.CONFIG_KEY,
                new LookaheadProvisioning.Lookahead("device-events", TOPICS, provisioner,
                        deviceId -> !deviceId.startsWith("stranger"))));
        return interceptor;
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key) {
        return new ConsumerRecord<>(topic, 0, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                new byte[0]);
    }

    @SafeVarargs
    private static ConsumerRecords<byte[], byte[]> batch(ConsumerRecord<byte[], byte[]>... records) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new java.util.LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new ArrayList<>())
                    .add(record);
        }
        Map<TopicPartition, OffsetAndMetadata> next = Map.of();
        return new ConsumerRecords<>(byPartition, next);
    }
}
