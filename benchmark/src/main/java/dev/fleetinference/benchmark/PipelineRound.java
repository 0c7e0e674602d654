package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.streamapp.CommittedPredictions;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.streamapp.StreamApp;
import dev.fleetinference.streamapp.StreamAppConfig;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One variant for one round, on topics and an application id of its own: the events are pre-loaded, the stream app
 * started in this JVM, and its commits followed until every event is committed and every prediction visible
 * (throughput); then fresh events are sent at a fixed rate and timed from send to visible (latency); then the app is
 * closed and the round's topics deleted.
 */
final class PipelineRound {

    private static final Logger log = LoggerFactory.getLogger(PipelineRound.class);
    static final String MODEL_NAME = "anomaly";
    private static final String INSTANCE_ID = "bench-1";
    /**
     * Events from every device before the measured ones: the stream app's producer waits for a device topic's metadata
     * at its first send there, a start-up cost that a running pipeline has paid long ago.
     */
    static final int LEAD_PER_DEVICE = 10;
    private static final Duration STATE_CHECK = Duration.ofMillis(500);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final BenchOptions options;
    private final BenchCluster cluster;
    private final PreloadedEvents preloaded;
    private final BenchFleet fleet;

    PipelineRound(BenchOptions options, BenchCluster cluster, PreloadedEvents preloaded, BenchFleet fleet) {
        this.options = options;
        this.cluster = cluster;
        this.preloaded = preloaded;
        this.fleet = fleet;
    }

    /** Runs the round; a round whose events could not be pre-loaded is tried once more, on fresh topics. */
    RoundResult run(VariantRun run, RoundPlan plan) throws InterruptedException {
        try {
            return runOnce(run, plan);
        } catch (PreloadedEvents.PreloadFailedException e) {
            log.warn("{} round {}: {}; trying once more on fresh topics", run.label(), plan.round(),
                    e.getMessage());
            return runOnce(run, plan);
        }
    }

    private RoundResult runOnce(VariantRun run, RoundPlan plan) throws InterruptedException {
        Variant variant = run.variant();
        String prefix = String.format(Locale.ROOT, "bench-r%d-%s-%04x", plan.round(),
                run.label().replace('@', '-'),
                ThreadLocalRandom.current().nextInt(0x10000));
        PipelineTopics topics = PipelineTopics.named(prefix);
        List<String> predictionTopics = fleet.deviceIds().stream().map(topics.predictions()::topicFor).toList();
        Steps steps = new Steps(prefix);
        Path stateDir = createStateDir();
        try {
            cluster.createTopics(topics.events(), options.partitions(), predictionTopics);
            steps.done("created " + (predictionTopics.size() + 1) + " topics");
            String applicationId = prefix + "-app";
            BenchDevices devices = new BenchDevices(cluster, topics, applicationId, options.partitions())
                    .register(fleet.deviceIds());
            steps.done("registered " + fleet.deviceIds().size() + " devices");
            long lead = (long) LEAD_PER_DEVICE * fleet.deviceIds().size();
            long total = lead + plan.events();
            preloaded.ensure((int) total);
            try (KafkaProducer<String, byte[]> producer = cluster.bulkProducer()) {
                preloaded.send(cluster, producer, topics.events(), (int) total, devices);
            }
            steps.done("pre-loaded " + total + " events");
            long tenth = lead + Math.max(1, plan.events() / 10);
            try (PredictionReader reader = new PredictionReader(cluster, predictionTopics);
                 CommitWatcher commits = new CommitWatcher(cluster.admin(), applicationId, topics.events(),
                         marks(lead, plan.events()));
                 StreamApp app = StreamApp.create(config(run, applicationId, topics, stateDir, devices))) {
                if (!app.awaitModelAndStart()) {
                    throw new BenchFailedException("the stream app was closed before it started");
                }
                long started = System.nanoTime();
                steps.done("started the stream app");
                CommitWatcher.Crossing warm = await(commits, app, lead, total, run.label());
                CommitWatcher.Crossing atTenth = await(commits, app, tenth, total, run.label());
                CommitWatcher.Crossing last = await(commits, app, total, total, run.label());
                ThroughputFigures throughput = ThroughputFigures.of(plan.events(), started, warm, atTenth, last);
                steps.done("throughput phase: " + throughput);
                log.info("{}: events committed over time (count @ ms after start): {}", prefix,
                        commits.timeline(started));
                // committed with their offsets, so visible: a read_committed reader must see them all
                if (!reader.awaitCount(total, DRAIN_TIMEOUT)) {
                    throw new BenchFailedException(String.format(Locale.ROOT, "%s: %,d events committed but only %,d "
                            + "predictions visible", run.label(), total, reader.count()));
                }

                Set<UUID> sentIds = new HashSet<>(preloaded.ids((int) total));
                PacedSends sent;
                try (KafkaProducer<String, byte[]> producer = cluster.pacedProducer()) {
                    sent = sendPaced(producer, reader, topics.events(), plan, devices, sentIds);
                }
                reader.awaitTrackedAnswered(DRAIN_TIMEOUT);
                LatencyFigures latency = LatencyFigures.of(options.rate(), sent.measured(), reader.roundTrips());
                reader.awaitCount(total + sent.all(), DRAIN_TIMEOUT);
                steps.done("latency phase: " + latency);
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                EventCheck check = check(sentIds, predictionTopics);
                steps.done("checked every event by id: " + check);
                return new RoundResult(run.label(), plan.round(), throughput, latency, check, load,
                        reader.roundTrips());
            } finally {
                steps.done("closed the stream app");
            }
        } finally {
            cluster.deleteTopics(prefix);
            FileUtils.deleteQuietly(stateDir.toFile());
            steps.done("deleted the round's topics");
        }
    }

    /** Logs how long each step of a round took, for bench.log. */
    private static final class Steps {
        private final String round;
        private long last = System.nanoTime();

        Steps(String round) {
            this.round = round;
        }

        void done(String step) {
            long now = System.nanoTime();
            log.info("{}: {} ({} ms)", round, step, (now - last) / 1_000_000);
            last = now;
        }
    }

    // the lead's end, then every 5 % of the measured events (10 % and 100 % among them): a timeline for bench.log
    private static List<Long> marks(long lead, int events) {
        List<Long> marks = new ArrayList<>(List.of(lead));
        for (int pct = 5; pct <= 100; pct += 5) {
            marks.add(lead + Math.max(1, (long) events * pct / 100));
        }
        return marks.stream().distinct().toList();
    }

    /** Events sent at the fixed rate: all of them, and those sent after the warm-up, which are timed. */
    private record PacedSends(long all, long measured) {
    }

    private StreamAppConfig config(VariantRun run, String applicationId, PipelineTopics topics, Path stateDir,
                                   BenchDevices devices) {
        // the pipeline's own principal (secured), then the user's Kafka settings over it
        Map<String, String> kafka = new HashMap<>(devices.pipelineSettings());
        kafka.putAll(options.kafka());
        return new StreamAppConfig(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), cluster.modelRegistryUrl(),
                cluster.modelRegistryReadToken(), cluster.schemaRegistryUserInfo(), MODEL_NAME, applicationId,
                INSTANCE_ID, "127.0.0.1", 0, stateDir, options.cacheDir(), topics, options.partitions(),
                PredictionTopicSpec.defaults(), "exactly_once_v2", options.streamThreads(), run.commitInterval(),
                run.variant().batching(options.batches()), run.variant().scoring(), TensorFlowSettings.DEFAULT_THREADS,
                TensorFlowSettings.DEFAULT_THREADS, kafka);
    }

    // waits for the mark, checking that Kafka Streams is still running and that the wait is not hopeless
    private static CommitWatcher.Crossing await(CommitWatcher commits, StreamApp app, long mark, long total,
                                                String label) throws InterruptedException {
        // at least 1,000 events/s, or something is wrong
        long deadline = System.nanoTime() + Duration.ofSeconds(60).plusMillis(total).toNanos();
        while (true) {
            Optional<CommitWatcher.Crossing> crossing = commits.awaitCrossing(mark, STATE_CHECK);
            if (crossing.isPresent()) {
                return crossing.get();
            }
            Optional<KafkaStreams.State> state = app.streamsState();
            if (state.isPresent() && !state.get().isRunningOrRebalancing()
                    && state.get() != KafkaStreams.State.CREATED) {
                throw new BenchFailedException(label + ": Kafka Streams is " + state.get() + " after "
                        + commits.committed() + " of " + total + " events");
            }
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException(String.format(Locale.ROOT, "%s: only %,d of %,d events committed within "
                        + "the time allowed", label, commits.committed(), total));
            }
        }
    }

    /**
     * Sends fresh events at the rate: untracked during the warm-up, tracked (timed from send to visible) after it.
     */
    private PacedSends sendPaced(KafkaProducer<String, byte[]> producer, PredictionReader reader, String topic,
                                 RoundPlan plan, BenchDevices devices, Set<UUID> sentIds) {
        reader.startDecoding();
        double rate = options.rate();
        long origin = System.nanoTime();
        long measureFrom = origin + plan.latencyWarmUp().toNanos();
        long end = measureFrom + plan.latencyDuration().toNanos();
        long sent = 0;
        long measured = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (long) ((now - origin) * rate / 1e9) + 1;
            while (sent < due) {
                FeatureEvent event = fleet.next(Instant.now());
                sentIds.add(event.getEventId());
                byte[] value = cluster.serialize(topic, event);
                long sendNanos = System.nanoTime();
                if (sendNanos >= measureFrom) {
                    reader.track(event.getEventId(), sendNanos);
                    measured++;
                }
                producer.send(devices.record(topic, event.getDeviceId(), value));
                sent++;
            }
            long next = origin + (long) (sent * 1e9 / rate);
            LockSupport.parkNanos(next - System.nanoTime());
        }
        producer.flush();
        return new PacedSends(sent, measured);
    }

    /** Every prediction on every partition of the round's device topics, read_committed, matched to the events sent. */
    private EventCheck check(Set<UUID> sent, List<String> predictionTopics) {
        try {
            return EventCheck.of(sent, CommittedPredictions.read(cluster.bootstrapServers(), cluster.clientSettings(),
                    predictionTopics, cluster.predictions(), DRAIN_TIMEOUT));
        } catch (TimeoutException e) {
            throw new BenchFailedException("could not read the round's predictions back: " + e.getMessage(), e);
        }
    }

    private static Path createStateDir() {
        try {
            return Files.createTempDirectory("fleet-bench-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the stream app", e);
        }
    }
}
