package dev.fleetinference.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the pass-through pipeline once: starts a fresh application at the start of the events topic's backlog
 * (written as the admin), times the commits over the window after the warm-up, reads the broker's CPU over the same
 * window, lets the pipeline drain the rest, then times the probe device's round trip and its produce requests.
 */
final class PipelineMeasurement {

    private static final Logger log = LoggerFactory.getLogger(PipelineMeasurement.class);
    private static final int VALUE_BYTES = 200;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FIRST_COMMIT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STATE_CHECK = Duration.ofMillis(200);

    private final AclScaleOptions options;
    private final String bootstrapServers;
    private final Map<String, String> adminSettings;
    private final Admin admin;
    private final PipelinePrincipal principal;
    private final Map<String, String> principalSettings;
    private final List<String> workloadDevices;
    private final ProbeRoundTrip probe;
    private final ProbeRequests probeRequests;
    private final BrokerCpu brokerCpu;
    private double fastest;

    PipelineMeasurement(AclScaleOptions options, String bootstrapServers, Map<String, String> adminSettings,
                        Admin admin, PipelinePrincipal principal, Map<String, String> principalSettings,
                        List<String> workloadDevices, ProbeRoundTrip probe, ProbeRequests probeRequests,
                        BrokerCpu brokerCpu) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.adminSettings = adminSettings;
        this.admin = admin;
        this.principal = principal;
        this.principalSettings = principalSettings;
        this.workloadDevices = List.copyOf(workloadDevices);
        this.probe = probe;
        this.probeRequests = probeRequests;
        this.brokerCpu = brokerCpu;
    }

    /** One measurement, the application id made from {@code label}; the figures' step and state are the caller's. */
    Result run(String label) throws InterruptedException {
        String topic = principal.eventsTopic();
        // every measurement replays the same backlog from the topic's start, topped up only when the fastest rate
        // seen would run through it before the window closes: writing it anew each time would take longer than
        // measuring it
        Map<TopicPartition, Long> start = offsets(topic, OffsetSpec.earliest());
        long origin = start.values().stream().mapToLong(Long::longValue).sum();
        long present = sum(offsets(topic, OffsetSpec.latest())) - origin;
        long wanted = backlogSize();
        if (present < wanted) {
            append(topic, wanted - present);
        }
        long end = sum(offsets(topic, OffsetSpec.latest()));
        long backlog = end - origin;
        String applicationId = principal.applicationPrefix() + "-" + label;
        Map<TopicPartition, OffsetAndMetadata> startAt = new HashMap<>();
        start.forEach((partition, offset) -> startAt.put(partition, new OffsetAndMetadata(offset)));
        get(admin.alterConsumerGroupOffsets(applicationId, startAt).all(), "set the offsets of " + applicationId);
        try (CommitWatcher commits = new CommitWatcher(admin, applicationId, topic, List.of(origin + 1, end));
             PassThroughPipeline pipeline = new PassThroughPipeline(bootstrapServers, principalSettings,
                     applicationId, topic, principal.predictionsPrefix())) {
            awaitMark(commits, pipeline, origin + 1, FIRST_COMMIT_TIMEOUT);
            pause(options.warmUp(), pipeline);
            long windowStart = System.nanoTime();
            OptionalDouble cpuBefore = brokerCpu.seconds();
            boolean ranOut = commits.awaitCrossing(end, options.window()).isPresent();
            pause(Duration.ofNanos(Math.max(0, windowStart + options.window().toNanos() - System.nanoTime())),
                    pipeline);
            long windowEnd = System.nanoTime();
            OptionalDouble cpuAfter = brokerCpu.seconds();
            CommitRate rate = CommitRate.between(commits.advances(), windowStart, windowEnd);
            fastest = Math.max(fastest, rate.perSecond());
            double wallSeconds = (windowEnd - windowStart) / 1e9;
            double cpuSeconds = cpuBefore.isPresent() && cpuAfter.isPresent()
                    ? cpuAfter.getAsDouble() - cpuBefore.getAsDouble() : Double.NaN;
            log.info("{}: {} events/s over {} s (backlog {}{}), broker CPU {} s", label, rate.perSecond(),
                    rate.seconds(), backlog, ranOut ? ", ran out" : "", cpuSeconds);
            awaitMark(commits, pipeline, end, Duration.ofSeconds(60).plusMillis(backlog));
            ProbeRoundTrip.Figures roundTrip = probe.run(options.roundTrips(), options.roundTripRate());
            log.info("{}: round trip {}", label, roundTrip);
            OptionalDouble requestsCpuBefore = brokerCpu.seconds();
            ProbeRequests.Figures requests = probeRequests.run(options.requestDuration());
            OptionalDouble requestsCpuAfter = brokerCpu.seconds();
            double requestCpuUs = requestsCpuBefore.isPresent() && requestsCpuAfter.isPresent() && requests.sent() > 0
                    ? (requestsCpuAfter.getAsDouble() - requestsCpuBefore.getAsDouble()) * 1e6 / requests.sent()
                    : Double.NaN;
            log.info("{}: device requests {}, broker {} us CPU each", label, requests, requestCpuUs);
            return new Result(backlog, rate.perSecond(), rate.seconds(), ranOut,
                    cpuSeconds * 1e6 / (rate.perSecond() * wallSeconds), cpuSeconds / wallSeconds, roundTrip,
                    requests, requestCpuUs);
        }
    }

    /** What one measurement found; {@link AclMeasurement} adds the step and state. */
    record Result(long backlog, double eventsPerSecond, double windowSeconds, boolean backlogRanOut,
                  double brokerCpuUsPerEvent, double brokerCpuShare, ProbeRoundTrip.Figures roundTrip,
                  ProbeRequests.Figures requests, double brokerCpuUsPerRequest) {
    }

    // enough for the warm-up and the window at the fastest rate seen so far, with a margin; the first one is a guess
    private long backlogSize() {
        if (fastest == 0) {
            return options.events();
        }
        double seconds = (options.warmUp().toMillis() + options.window().toMillis()) / 1000.0 * 1.3 + 3;
        return Math.max(options.events(), (long) (fastest * seconds));
    }

    private void append(String topic, long events) {
        Map<String, Object> config = new HashMap<>(adminSettings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        byte[] value = new byte[VALUE_BYTES];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(topic, workloadDevices.get((int) (i % workloadDevices.size())),
                        value));
            }
            producer.flush();
        }
    }

    private Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (int partition = 0; partition < options.partitions(); partition++) {
            wanted.put(new TopicPartition(topic, partition), spec);
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        get(admin.listOffsets(wanted).all(), "list the offsets of " + topic)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void awaitMark(CommitWatcher commits, PassThroughPipeline pipeline, long mark, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (commits.awaitCrossing(mark, STATE_CHECK).isEmpty()) {
            pipeline.checkRunning();
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException("the pass-through pipeline committed " + commits.committed()
                        + " of the " + mark + " offsets awaited within " + timeout);
            }
        }
    }

    private static void pause(Duration duration, PassThroughPipeline pipeline) {
        long until = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, STATE_CHECK.toNanos()));
            pipeline.checkRunning();
        }
    }

    private static <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BenchFailedException("cannot " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BenchFailedException("the cluster did not " + what + " within " + REQUEST_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailedException("interrupted while trying to " + what, e);
        }
    }
}
