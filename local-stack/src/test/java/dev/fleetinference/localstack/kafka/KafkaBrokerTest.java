package dev.fleetinference.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void startsWithinTenSecondsAndCarriesRecords() throws Exception {
        long began = System.nanoTime();
        try (KafkaBroker broker = KafkaBroker.start(KafkaBrokerConfig.inDirectory(dataDir))) {
            Duration startTime = Duration.ofNanos(System.nanoTime() - began);

            assertThat(startTime).isLessThan(Duration.ofSeconds(10));
            createTopic(broker, "greetings");
            produce(broker, "greetings", List.of("hello", "fleet"));
            assertThat(consume(broker, "greetings", 2)).containsExactly("hello", "fleet");
            assertThat(broker.logFile()).content().contains("Kafka Server started");
        }
    }

    @Test
    void restartsAfterSigkillWithItsTopicsAndData() throws Exception {
        KafkaBroker first = KafkaBroker.start(KafkaBrokerConfig.inDirectory(dataDir));
        long pid = first.pid();
        try {
            createTopic(first, "durable");
            produce(first, "durable", List.of("before-crash"));
        } finally {
            first.kill();
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        try (KafkaBroker second = KafkaBroker.start(first.restartConfig())) {
            assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers());
            assertThat(consume(second, "durable", 1)).containsExactly("before-crash");
        }
    }

    @Test
    void stopEndsTheBrokerProcess() {
        KafkaBroker broker = KafkaBroker.start(KafkaBrokerConfig.inDirectory(dataDir));
        ProcessHandle handle = ProcessHandle.of(broker.pid()).orElseThrow();

        try {
            broker.stop();
        } finally {
            broker.kill();
        }

        assertThat(handle.isAlive()).isFalse();
        assertThat(broker.isAlive()).isFalse();
    }

    @Test
    void aBrokerWhoseOwnerIsKilledStopsByItself() throws Exception {
        Process owner = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BrokerOwner.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(owner.getInputStream()))) {
            long brokerPid = lines.lines().filter(l -> l.startsWith(BrokerOwner.READY)).findFirst()
                    .map(l -> Long.parseLong(l.substring(BrokerOwner.READY.length())))
                    .orElseThrow(() -> new AssertionError("the owner JVM did not start a broker"));
            ProcessHandle broker = ProcessHandle.of(brokerPid).orElseThrow();

            owner.destroyForcibly().waitFor();

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> !broker.isAlive());
        } finally {
            owner.destroyForcibly();
        }
    }

    @Test
    void failsFastWithTheLogWhenTheBrokerCannotStart() {
        KafkaBrokerConfig broken = KafkaBrokerConfig.inDirectory(dataDir)
                .withOverrides(Map.of("num.network.threads", "not-a-number"));

        assertThatThrownBy(() -> KafkaBroker.start(broken))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("num.network.threads");
    }

    private static void createTopic(KafkaBroker broker, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void produce(KafkaBroker broker, String topic, List<String> values) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get();
            }
        }
    }

    private static List<String> consume(KafkaBroker broker, String topic, int count) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
