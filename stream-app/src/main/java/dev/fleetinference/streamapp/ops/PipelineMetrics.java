package dev.fleetinference.streamapp.ops;

import dev.fleetinference.streamapp.model.CurrentModel;
import dev.fleetinference.streamapp.model.ModelSpec;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The pipeline's own meters: events scored (by model version), dead letters (by reason), the model version in use,
 * the time from an event's creation on the device to its scoring, the time of each inference call, and existing
 * predictions topics that differ from the configured spec.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Map<String, Counter> scored = new ConcurrentHashMap<>();
    // the counter of the model that scored last: found again without building a key, since models change rarely
    private volatile ScoredBy last;
    private final Timer eventToScore;
    private final Timer inference;
    private final DistributionSummary batchSize;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        // every reason from the start, so a dashboard shows 0 rather than no series
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("fleet.dead.letters")
                    .description("Events sent to the dead-letter topic, by reason (attempts, as for events scored)")
                    .tag("reason", reason.code()).register(registry));
        }
        eventToScore = Timer.builder("fleet.event.to.score")
                .description("From the event's time on the device to its scoring (includes clock skew)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1)).register(registry);
        inference = Timer.builder("fleet.inference")
                .description("Time of one call to the model")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
        batchSize = DistributionSummary.builder("fleet.batch.size")
                .description("Events per batch scored (one model call)")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(4096.0)
                .register(registry);
    }

    /** One batch of {@code events} was scored. */
    public void batchScored(int events) {
        batchSize.record(events);
    }

    /** Publishes the version of the model in use (0 until one is loaded). */
    public PipelineMetrics watchModel(CurrentModel model) {
        Gauge.builder("fleet.model.version", model, m -> m.current().map(ModelSpec::version).orElse(0))
                .description("Version of the model scoring events now").register(registry);
        return this;
    }

    /** Publishes how many existing predictions topics were found to differ from the configured spec. */
    public PipelineMetrics watchTopicSpecs(LongSupplier mismatches) {
        FunctionCounter.builder("fleet.topic.spec.mismatches", mismatches, LongSupplier::getAsLong)
                .description("Existing predictions topics found with other partitions or retention than configured "
                        + "(each logged as a warning; used as they are)").register(registry);
        return this;
    }

    /** One event scored by {@code spec}. */
    public void scored(ModelSpec spec, Instant eventTime, Instant scoredTime) {
        ScoredBy counted = last;
        if (counted == null || counted.spec() != spec) {
            counted = new ScoredBy(spec, scored.computeIfAbsent(spec.name() + ":" + spec.version(),
                    key -> Counter.builder("fleet.events.scored")
                            .description("Events scored, by model and version (attempts: an event of an aborted "
                                    + "transaction is scored again and counted again)")
                            .tag("model", spec.name()).tag("version", Integer.toString(spec.version()))
                            .register(registry)));
            last = counted;
        }
        counted.counter().increment();
        // a device clock ahead of ours would give a negative time
        eventToScore.record(Math.max(0, scoredTime.toEpochMilli() - eventTime.toEpochMilli()), TimeUnit.MILLISECONDS);
    }

    private record ScoredBy(ModelSpec spec, Counter counter) {
    }

    /** One inference call took {@code nanos}. */
    public void inferenceCall(long nanos) {
        inference.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One event went to the dead-letter topic. */
    public void deadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }
}
