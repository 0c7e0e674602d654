package dev.fleetinference.streamapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.streamapp.model.CurrentModel;
import dev.fleetinference.streamapp.model.ModelLease;
import dev.fleetinference.streamapp.model.ModelSpec;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The pipeline's meters as a dashboard reads them. */
class PipelineMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PipelineMetrics metrics = new PipelineMetrics(meters);

    @Test
    void everyDeadLetterReasonHasASeriesFromTheStart() {
        assertThat(meters.get("fleet.dead.letters").counters()).extracting(c -> c.getId().getTag("reason"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(DeadLetterReason.values())
                        .map(DeadLetterReason::code).toList());
        assertThat(meters.get("fleet.dead.letters").counters()).extracting(Counter::count).containsOnly(0.0);

        metrics.deadLetter(DeadLetterReason.KEY_MISMATCH);

        assertThat(meters.get("fleet.dead.letters").tag("reason", "key-mismatch").counter().count()).isEqualTo(1);
    }

    @Test
    void publishesTheVersionOfTheModelInUseAndZeroUntilOneIsLoaded() {
        AtomicReference<ModelSpec> loaded = new AtomicReference<>();
        metrics.watchModel(new CurrentModel() {
            @Override
            public ModelLease acquire() {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isReady() {
                return loaded.get() != null;
            }

            @Override
            public Optional<ModelSpec> current() {
                return Optional.ofNullable(loaded.get());
            }
        });

        assertThat(meters.get("fleet.model.version").gauge().value()).isZero();
        loaded.set(spec(3));
        assertThat(meters.get("fleet.model.version").gauge().value()).isEqualTo(3);
    }

    @Test
    void countsScoredEventsByModelAndVersionAndTimesThemFromTheirEventTime() {
        Instant scored = Instant.parse("2025-03-01T12:00:00Z");

        metrics.scored(spec(1), scored.minusMillis(40), scored);
        metrics.scored(spec(2), scored.minusMillis(60), scored);
        metrics.scored(spec(2), scored.plusSeconds(5), scored);

        assertThat(meters.get("fleet.events.scored").tags("model", "anomaly", "version", "1").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("fleet.events.scored").tags("model", "anomaly", "version", "2").counter().count())
                .isEqualTo(2);
        assertThat(meters.get("fleet.event.to.score").timer().count()).isEqualTo(3);
        assertThat(meters.get("fleet.event.to.score").timer().totalTime(TimeUnit.MILLISECONDS))
                .as("a device clock ahead of ours counts as no delay").isEqualTo(100);
    }

    private static ModelSpec spec(int version) {
        return new ModelSpec("anomaly", version, "ef".repeat(32), List.of("a"), "features", "score",
                Optional.empty());
    }
}
