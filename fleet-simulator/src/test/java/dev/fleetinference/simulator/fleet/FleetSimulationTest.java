package dev.fleetinference.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.simulator.fleet.EchoResponder.Answer;
import dev.fleetinference.simulator.fleet.EchoResponder.Options;
import dev.fleetinference.simulator.telemetry.FailureMode;
import dev.fleetinference.simulator.telemetry.FeatureNames;
import dev.fleetinference.simulator.telemetry.FleetTelemetry;
import dev.fleetinference.simulator.telemetry.SimulatedDevice;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated fleet against a real broker and registry, answered by a real Kafka peer (the echo responder). */
@WithStack
@Timeout(60)
class FleetSimulationTest {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulationTest.class);

    static TestStack stack;

    @BeforeAll
    static void connect(TestStack testStack) {
        stack = testStack;
    }

    @Test
    void everyEventFromTwentyDevicesIsAnsweredExactlyOnce() throws Exception {
        Topics topics = FleetTopics.create(stack, 20, true);
        Set<String> failing = failingDevices(20, 0.2);
        Set<String> flagged = new HashSet<>(failing);
        String healthyButFlagged = firstHealthy(20, 0.2);
        flagged.add(healthyButFlagged);
        Instant before = Instant.now();

        SimulationReport report;
        List<ConsumerRecord<String, FeatureEvent>> events;
        try (EchoResponder responder = EchoResponder.start(stack, topics, Options.answeringAll().flagging(flagged))) {
            report = run(config(topics, 20).withLimit(SendLimit.events(2_000)).withEventsPerSecond(1_000));
            events = responder.events();
        }

        assertThat(report.eventsSent()).isEqualTo(2_000);
        assertThat(report.answered()).isEqualTo(2_000);
        assertThat(report.predictionsReceived()).isEqualTo(2_000);
        assertThat(report.missing()).isZero();
        assertThat(report.duplicates()).isZero();
        assertThat(report.unknownEvents() + report.misrouted() + report.unreadable() + report.sendFailures()).isZero();
        LatencySummary roundTrip = report.roundTrip();
        assertThat(roundTrip.count()).isEqualTo(2_000);
        assertThat(roundTrip.p50()).isPositive();
        assertThat(roundTrip.p50()).isLessThanOrEqualTo(roundTrip.p95());
        assertThat(roundTrip.p95()).isLessThanOrEqualTo(roundTrip.p99());
        assertThat(roundTrip.p99()).isLessThanOrEqualTo(roundTrip.max());
        assertThat(report.predictionsPerModelVersion())
                .containsExactly(Map.entry("anomaly v1", 1_000L), Map.entry("anomaly v2", 1_000L));
        assertThat(failing).hasSize(4);
        assertThat(report.failingDevices()).isEqualTo(4);
        assertThat(report.anomalies()).isEqualTo(new AnomalyCounts(500, 400, 100));

        // what the pipeline will see: 100 events per device, keyed by the device, with its features and attributes
        assertThat(events).hasSize(2_000);
        assertThat(events).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(record.value().getDeviceId());
            assertThat(record.value().getFeatures()).containsOnlyKeys(FeatureNames.ORDERED);
            assertThat(record.value().getAttributes()).containsOnlyKeys("firmware", "site");
            assertThat(record.value().getEventTime()).isBetween(before.truncatedTo(ChronoUnit.MILLIS),
                    Instant.now());
        });
        assertThat(events.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting())))
                .hasSize(20).allSatisfy((device, count) -> assertThat(count).isEqualTo(100));
        assertThat(events.stream().map(r -> r.value().getEventId()).distinct()).hasSize(2_000);
    }

    @Test
    void eventsTheResponderDropsAreExactlyTheOnesReportedMissingAfterTheGracePeriod() throws Exception {
        Topics topics = FleetTopics.create(stack, 20, true);
        Duration grace = Duration.ofSeconds(2);

        SimulationReport report;
        Set<UUID> dropped;
        long began = System.nanoTime();
        try (EchoResponder responder = EchoResponder.start(stack, topics, Options.answeringAll()
                .withPlan(index -> index % 10 == 9 ? Answer.NONE : Answer.ONCE))) {
            report = run(config(topics, 20).withLimit(SendLimit.events(2_000)).withEventsPerSecond(1_000)
                    .withGrace(grace));
            dropped = responder.unanswered();
        }

        assertThat(dropped).hasSize(200);
        assertThat(report.missingEventIds()).isEqualTo(dropped);
        assertThat(report.missing()).isEqualTo(200);
        assertThat(report.answered()).isEqualTo(1_800);
        assertThat(report.duplicates()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(grace);
    }

    @Test
    void aSecondAnswerToTheSameEventIsCountedAsADuplicate() throws Exception {
        Topics topics = FleetTopics.create(stack, 10, true);

        SimulationReport report;
        int answeredByResponder;
        try (EchoResponder responder = EchoResponder.start(stack, topics, Options.answeringAll()
                .withPlan(index -> index == 7 ? Answer.TWICE : Answer.ONCE))) {
            report = run(config(topics, 10).withLimit(SendLimit.events(500)).withEventsPerSecond(1_000));
            answeredByResponder = responder.events().size();
        }

        assertThat(answeredByResponder).isEqualTo(500);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.predictionsReceived()).isEqualTo(501);
        assertThat(report.answered()).isEqualTo(500);
        assertThat(report.missing()).isZero();
        assertThat(report.roundTrip().count()).isEqualTo(500);
    }

    @Test
    void aPredictionOnAnotherDevicesTopicIsNeverMatchedToIt() throws Exception {
        Topics topics = FleetTopics.create(stack, 10, true);

        SimulationReport report;
        Set<UUID> misdirected;
        try (EchoResponder responder = EchoResponder.start(stack, topics, Options.answeringAll()
                .withPlan(index -> index == 5 ? Answer.ON_ANOTHER_DEVICES_TOPIC : Answer.ONCE))) {
            report = run(config(topics, 10).withLimit(SendLimit.events(500)).withEventsPerSecond(1_000)
                    .withGrace(Duration.ofSeconds(2)));
            misdirected = responder.unanswered();
        }

        assertThat(report.misrouted()).isEqualTo(1);
        assertThat(report.missingEventIds()).isEqualTo(misdirected).hasSize(1);
        assertThat(report.answered()).isEqualTo(499);
    }

    @Test
    void predictionsTopicsCreatedAfterTheFirstEventsAreReadFromTheirBeginning() throws Exception {
        Topics topics = FleetTopics.create(stack, 10, false);

        SimulationReport report;
        List<ConsumerRecord<String, FeatureEvent>> events;
        try (EchoResponder responder = EchoResponder.start(stack, topics,
                Options.answeringAll().creatingTopicsOnFirstEvent())) {
            report = run(config(topics, 10).withLimit(SendLimit.events(500)).withEventsPerSecond(500));
            events = responder.events();
        }

        assertThat(events).as("events the responder answered on topics it created").hasSize(500);
        assertThat(report.answered()).isEqualTo(500);
        assertThat(report.missing()).isZero();
        assertThat(report.duplicates()).isZero();
    }

    @Test
    void thePacedSendRateStaysWithinTwentyPercentOfTheRequestedRate() throws Exception {
        Topics topics = FleetTopics.create(stack, 10, true);

        SimulationReport report;
        List<ConsumerRecord<String, FeatureEvent>> events;
        try (EchoResponder responder = EchoResponder.start(stack, topics, Options.answeringAll())) {
            report = run(config(topics, 10).withEventsPerSecond(200)
                    .withLimit(SendLimit.duration(Duration.ofSeconds(3))));
            events = responder.events();
        }

        assertThat(report.achievedRate()).isBetween(160.0, 240.0);
        assertThat(report.eventsSent()).isBetween(480L, 720L);
        // the broker's view: the records' create times, independent of the simulator's own clock readings
        long first = events.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        long last = events.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        assertThat((events.size() - 1) * 1000.0 / (last - first)).isBetween(160.0, 240.0);
        assertThat(report.missing()).isZero();
    }

    @Test
    void aMissingEventsTopicFailsTheRunAfterTheStartTimeoutNamingIt() {
        Topics topics = new Topics("no-such-device-events", "no-such.predictions.", "no-such.devices");

        assertThatThrownBy(() -> run(config(topics, 2).withStartTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(SimulationException.class)
                .hasMessageContaining("topic 'no-such-device-events' does not exist")
                .hasMessageContaining(stack.bootstrapServers());
    }

    private static SimulationReport run(FleetSimulationConfig config) throws InterruptedException {
        SimulationReport report = new FleetSimulation(config).run();
        LOG.info("{} devices, {}:{}{}", config.devices(), config.limit().describe(), System.lineSeparator(),
                report.toTable());
        return report;
    }

    private static FleetSimulationConfig config(Topics topics, int devices) {
        return FleetSimulationConfig.of(stack.bootstrapServers(), stack.schemaRegistryUrl())
                .withTopics(topics)
                .withDevices(devices)
                .withGrace(Duration.ofSeconds(10))
                .withStartTimeout(Duration.ofSeconds(20));
    }

    private static Set<String> failingDevices(int count, double share) {
        return machines(count, share).stream().filter(m -> m.failurePlan().mode() != FailureMode.NONE)
                .map(SimulatedDevice::deviceId).collect(Collectors.toSet());
    }

    private static String firstHealthy(int count, double share) {
        return machines(count, share).stream().filter(m -> m.failurePlan().mode() == FailureMode.NONE)
                .map(SimulatedDevice::deviceId).findFirst().orElseThrow();
    }

    // which devices fail depends only on the seed, the fleet's size and the failing share
    private static List<SimulatedDevice> machines(int count, double share) {
        return new FleetTelemetry(FleetSimulationConfig.DEFAULT_SEED).devices(count, share);
    }
}
