package dev.fleetinference.streamapp.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.model.LoadedModel;
import dev.fleetinference.streamapp.model.ModelSpec;
import dev.fleetinference.streamapp.model.SwappableModel;
import dev.fleetinference.streamapp.model.TestModels;
import dev.fleetinference.streamapp.ops.PipelineMetrics;
import dev.fleetinference.streamapp.scoring.Probe;
import dev.fleetinference.streamapp.scoring.TensorFlowRuntime;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scorer alone: it scores with whichever model is current, labels by that model's threshold and lets go of it. */
class ScorerTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private static Probe probe;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SwappableModel current = new SwappableModel("model 'anomaly'");
    private final Scorer scorer = new Scorer(current, new PipelineMetrics(meters), Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeAll
    static void prepareTensorFlow() {
        TensorFlowRuntime.configure(TensorFlowSettings.defaults());
        probe = Probe.read(CommittedModels.V1);
    }

    @AfterEach
    void closeModels() {
        current.close();
    }

    @Test
    void aModelWithoutAThresholdLabelsItsScoresUnlabelled() {
        ModelSpec registered = CommittedModels.spec("anomaly", 1, CommittedModels.V1);
        ModelSpec noThreshold = new ModelSpec(registered.name(), registered.version(), registered.digest(),
                registered.featureNames(), registered.inputName(), registered.outputName(), Optional.empty());
        current.swap(TestModels.load(noThreshold, CommittedModels.V1));

        Prediction prediction = scorer.score("device-1", probeEvent(1));

        assertThat(prediction.getScore()).isCloseTo(probe.scores()[1], within(1e-5f));
        assertThat(prediction.getLabel()).isEqualTo("unlabelled");
    }

    @Test
    void aConstantScorersPredictionsSayNoModelMadeThem() {
        current.swap(TestModels.load(CommittedModels.spec("anomaly", 1, CommittedModels.V1), CommittedModels.V1));
        Scorer constant = new Scorer(current, new PipelineMetrics(meters), Clock.fixed(NOW, ZoneOffset.UTC),
                ScoringMode.CONSTANT);

        Prediction prediction = constant.score("device-1", probeEvent(1));

        assertThat(prediction.getScore()).isZero();
        assertThat(prediction.getModel().getName()).isEqualTo("constant");
        assertThat(prediction.getModel().getVersion()).isZero();
        assertThat(prediction.getModel().getDigest()).isEqualTo("0".repeat(64));
        assertThat(prediction.getLabel()).isEqualTo("constant");
    }

    @Test
    void eachEventIsScoredAndCountedByTheModelCurrentWhenItArrives() {
        current.swap(TestModels.load(CommittedModels.spec("anomaly", 1, CommittedModels.V1), CommittedModels.V1));
        Prediction first = scorer.score("device-1", probeEvent(0));
        current.swap(TestModels.load(CommittedModels.spec("anomaly", 2, CommittedModels.V2), CommittedModels.V2));

        Prediction second = scorer.score("device-1", probeEvent(0));

        assertThat(first.getModel().getVersion()).isEqualTo(1);
        assertThat(second.getModel().getVersion()).isEqualTo(2);
        assertThat(second.getModel().getDigest())
                .isEqualTo(CommittedModels.spec("anomaly", 2, CommittedModels.V2).digest());
        assertThat(meters.get("fleet.events.scored").tag("version", "1").counter().count()).isEqualTo(1);
        assertThat(meters.get("fleet.events.scored").tag("version", "2").counter().count()).isEqualTo(1);
    }

    @Test
    void anEventThatDoesNotFitGivesItsLeaseBackSoASwappedOutModelStillCloses() {
        LoadedModel first = TestModels.load(CommittedModels.spec("anomaly", 1, CommittedModels.V1), CommittedModels.V1);
        current.swap(first);
        Map<String, Float> features = new HashMap<>(probeEvent(0).getFeatures());
        features.remove("temperature_c");
        FeatureEvent missing = FeatureEvent.newBuilder(probeEvent(0)).setFeatures(features).build();

        assertThatThrownBy(() -> scorer.score("device-1", missing)).isInstanceOf(InvalidEventException.class);
        current.swap(TestModels.load(CommittedModels.spec("anomaly", 2, CommittedModels.V2), CommittedModels.V2));

        assertThat(first.isClosed()).isTrue();
        assertThat(meters.find("fleet.events.scored").counters()).isEmpty();
    }

    @Test
    void anEventFromADeviceClockAheadOfOursRecordsNoNegativeDelay() {
        current.swap(TestModels.load(CommittedModels.spec("anomaly", 1, CommittedModels.V1), CommittedModels.V1));
        FeatureEvent fromTheFuture = FeatureEvent.newBuilder(probeEvent(0)).setEventTime(NOW.plusSeconds(30)).build();

        Prediction prediction = scorer.score("device-1", fromTheFuture);

        assertThat(prediction.getEventTime()).isEqualTo(NOW.plusSeconds(30));
        assertThat(prediction.getScoredTime()).isEqualTo(NOW);
        assertThat(meters.get("fleet.event.to.score").timer().totalTime(TimeUnit.MILLISECONDS))
                .isZero();
    }

    private static FeatureEvent probeEvent(int row) {
        Map<String, Float> features = new HashMap<>();
        for (int i = 0; i < probe.featureNames().size(); i++) {
            features.put(probe.featureNames().get(i), probe.inputs()[row][i]);
        }
        return FeatureEvent.newBuilder().setDeviceId("device-1").setEventId(UUID.randomUUID())
                .setEventTime(NOW.minusMillis(250)).setFeatures(features).build();
    }
}
