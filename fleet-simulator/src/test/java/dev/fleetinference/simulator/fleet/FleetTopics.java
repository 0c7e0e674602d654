package dev.fleetinference.simulator.fleet;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.simulator.telemetry.FleetTelemetry;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Fresh topics for one simulated run, so runs on a shared stack never see each other's events or predictions. */
public final class FleetTopics {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private FleetTopics() {
    }

    /** A new events topic (three partitions) and, if asked, the predictions topics of devices 1 to {@code devices}. */
    public static Topics create(TestStack stack, int devices, boolean withPredictionsTopics) {
        String run = "run" + RUNS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        Topics topics = new Topics(run + ".device-events", run + ".predictions.", run + ".devices");
        List<NewTopic> newTopics = new ArrayList<>();
        newTopics.add(new NewTopic(topics.events(), 3, (short) 1));
        if (withPredictionsTopics) {
            for (int i = 1; i <= devices; i++) {
                newTopics.add(new NewTopic(topics.predictionsFor(FleetTelemetry.deviceId(i)), 1, (short) 1));
            }
        }
        List<String> names = newTopics.stream().map(NewTopic::name).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
            // the controller answers once the topics are created; the broker leads their partitions a moment
            // later, when it answers for their offsets (a producer sending before may see its first request
            // refused and the next ones accepted, and then fail as out of order)
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> ledByTheBroker(admin, names));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topics of " + run, e);
        }
        return topics;
    }

    private static boolean ledByTheBroker(Admin admin, List<String> names) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        admin.describeTopics(names).allTopicNames().get().values().forEach(topic -> topic.partitions().forEach(
                p -> partitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
        return admin.listOffsets(partitions).all().get().size() == partitions.size();
    }
}
