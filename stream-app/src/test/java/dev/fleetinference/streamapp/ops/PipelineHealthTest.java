package dev.fleetinference.streamapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.streamapp.model.CurrentModel;
import dev.fleetinference.streamapp.model.ModelLease;
import dev.fleetinference.streamapp.model.ModelSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Liveness follows Kafka Streams' failure states; readiness needs a model and a RUNNING client. */
class PipelineHealthTest {

    private static final ModelSpec SPEC = new ModelSpec("anomaly", 2, "cd".repeat(32), List.of("a", "b"), "features",
            "score", Optional.of(0.5));
    private static final EnumSet<State> FAILED = EnumSet.of(State.ERROR, State.NOT_RUNNING, State.PENDING_ERROR);

    private final AtomicReference<ModelSpec> loaded = new AtomicReference<>();
    private final AtomicReference<State> streams = new AtomicReference<>();
    private final PipelineHealth health = new PipelineHealth("anomaly", new SpecOnlyModel(),
            () -> Optional.ofNullable(streams.get()));

    @Test
    void waitingForTheFirstModelIsAliveButNotReadyAndSaysWhatItWaitsFor() {
        assertThat(health.live().ok()).isTrue();
        assertThat(health.ready().ok()).isFalse();
        assertThat(health.ready().details())
                .containsEntry("model", "waiting for a PRODUCTION version of 'anomaly'")
                .containsEntry("streams", "NOT_STARTED (waits for the model)");
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void isReadyOnlyWithAModelAndKafkaStreamsRunning(State state) {
        loaded.set(SPEC);
        streams.set(state);

        assertThat(health.ready().ok()).isEqualTo(state == State.RUNNING);
        assertThat(health.ready().details()).containsEntry("streams", state.name())
                .containsEntry("model", Map.of("name", "anomaly", "version", 2, "digest", SPEC.digest()));
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void aRunningClientWithoutAModelIsNotReady(State state) {
        streams.set(state);

        assertThat(health.ready().ok()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void isAliveUnlessKafkaStreamsFailedOrStopped(State state) {
        streams.set(state);

        assertThat(health.live().ok()).isEqualTo(!FAILED.contains(state));
        assertThat(health.live().details()).containsEntry("streams", state.name());
    }

    @Test
    void anAppThatFailedOtherwiseIsNotAliveAndSaysWhy() {
        loaded.set(SPEC);
        streams.set(State.RUNNING);
        AtomicReference<String> failure = new AtomicReference<>();
        PipelineHealth failing = new PipelineHealth("anomaly", new SpecOnlyModel(),
                () -> Optional.ofNullable(streams.get()), () -> Optional.ofNullable(failure.get()));
        assertThat(failing.live().ok()).isTrue();

        failure.set("the model manager stopped following the catalog");

        assertThat(failing.live().ok()).isFalse();
        assertThat(failing.live().details()).containsEntry("failure", "the model manager stopped following the catalog");
    }

    /** Only what health reads of the current model: whether there is one, and its spec. */
    private final class SpecOnlyModel implements CurrentModel {

        @Override
        public ModelLease acquire() {
            throw new UnsupportedOperationException("health never scores");
        }

        @Override
        public boolean isReady() {
            return loaded.get() != null;
        }

        @Override
        public Optional<ModelSpec> current() {
            return Optional.ofNullable(loaded.get());
        }
    }
}
