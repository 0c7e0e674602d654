package dev.fleetinference.streamapp.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The trainer's SavedModels, loaded through DJL's TensorFlow engine, score as TensorFlow Java did. */
class SavedModelScorerTest {

    static final Path V1 = Path.of("..", "models", "anomaly-v1");
    static final Path V2 = Path.of("..", "models", "anomaly-v2");

    @BeforeAll
    static void prepareTensorFlow() {
        TensorFlowRuntime.configure(TensorFlowSettings.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anomaly-v1", "anomaly-v2"})
    void scoresTheProbeRowsAsTheTrainersSessionDid(String model) {
        Path dir = Path.of("..", "models", model);
        Probe probe = Probe.read(dir);

        try (SavedModelScorer scorer = SavedModelScorer.load(dir, probe.featureNames().size())) {
            float[] scores = scorer.score(probe.inputs());

            assertThat(scores).hasSize(probe.scores().length);
            for (int i = 0; i < scores.length; i++) {
                assertThat(scores[i]).as("score of probe row %d", i).isCloseTo(probe.scores()[i], within(1e-5f));
            }
        }
    }

    @Test
    void versionTwoScoresDifferentlyFromVersionOne() {
        Probe probe = Probe.read(V1);

        try (SavedModelScorer v1 = SavedModelScorer.load(V1, probe.featureNames().size());
             SavedModelScorer v2 = SavedModelScorer.load(V2, probe.featureNames().size())) {
            float[] first = v1.score(probe.inputs());
            float[] second = v2.score(probe.inputs());

            assertThat(second).isNotEqualTo(first);
            for (float score : second) {
                assertThat(score).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void aRowOfTheWrongWidthIsRefusedWithTheWidths() {
        try (SavedModelScorer scorer = SavedModelScorer.load(V1, 8)) {
            assertThatThrownBy(() -> scorer.score(new float[][] {{1f, 2f, 3f}}))
                    .hasMessageContaining("3 features").hasMessageContaining("takes 8");
        }
    }

    @Test
    void aDirectoryWithoutASavedModelFailsNamingIt() {
        Path missing = Path.of("target", "no-such-model");

        assertThatThrownBy(() -> SavedModelScorer.load(missing, 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-model");
    }
}
