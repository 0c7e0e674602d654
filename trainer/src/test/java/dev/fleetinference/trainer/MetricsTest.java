package dev.fleetinference.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void aucIsOneWhenEveryAnomalyOutscoresEveryNormalExample() {
        assertThat(RocAuc.of(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, new boolean[] {F, F, T, T})).isEqualTo(1.0);
    }

    @Test
    void aucIsZeroWhenTheScoresAreReversed() {
        assertThat(RocAuc.of(new float[] {0.9f, 0.8f, 0.2f, 0.1f}, new boolean[] {F, F, T, T})).isEqualTo(0.0);
    }

    @Test
    void aucCountsTiedPairsAsHalf() {
        assertThat(RocAuc.of(new float[] {0.5f, 0.5f, 0.5f}, new boolean[] {T, F, F})).isEqualTo(0.5);
        // pairs (anomaly, normal): (0.7,0.3) win, (0.7,0.7) tie, (0.4,0.3) win, (0.4,0.7) loss -> 2.5 / 4
        assertThat(RocAuc.of(new float[] {0.7f, 0.4f, 0.3f, 0.7f}, new boolean[] {T, T, F, F}))
                .isCloseTo(0.625, within(1e-12));
    }

    @Test
    void aucOfASingleClassIsRefused() {
        assertThatThrownBy(() -> RocAuc.of(new float[] {0.1f, 0.2f}, new boolean[] {F, F}))
                .hasMessageContaining("both classes");
    }

    @Test
    void thresholdFallsBetweenTheClassesWhenTheyAreSeparable() {
        float[] scores = {0.05f, 0.2f, 0.3f, 0.6f, 0.95f};
        boolean[] labels = {F, F, F, T, T};

        double threshold = F1Threshold.choose(scores, labels);

        assertThat(threshold).isCloseTo(0.45, within(1e-6));
        assertThat(ConfusionCounts.at(threshold, scores, labels).f1()).isEqualTo(1.0);
    }

    @Test
    void thresholdMaximisesF1WhenTheClassesOverlap() {
        float[] scores = {0.1f, 0.4f, 0.5f, 0.6f, 0.7f, 0.9f};
        boolean[] labels = {F, T, F, T, F, T};

        double threshold = F1Threshold.choose(scores, labels);
        double bestF1 = ConfusionCounts.at(threshold, scores, labels).f1();

        for (float candidate : scores) {
            assertThat(ConfusionCounts.at(candidate, scores, labels).f1()).isLessThanOrEqualTo(bestF1);
        }
        assertThat(threshold).isCloseTo(0.25, within(1e-6));
    }

    @Test
    void confusionCountsGiveTheUsualRatios() {
        ConfusionCounts counts = ConfusionCounts.at(0.5,
                new float[] {0.9f, 0.8f, 0.7f, 0.2f, 0.1f, 0.6f},
                new boolean[] {T, T, F, T, F, F});

        assertThat(counts).isEqualTo(new ConfusionCounts(2, 2, 1, 1));
        assertThat(counts.precision()).isEqualTo(0.5);
        assertThat(counts.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(counts.f1()).isCloseTo(4 / 7.0, within(1e-12));
        assertThat(counts.accuracy()).isEqualTo(0.5);
    }

    @Test
    void precisionIsZeroWhenNothingIsFlagged() {
        ConfusionCounts counts = ConfusionCounts.at(0.99, new float[] {0.1f, 0.2f}, new boolean[] {T, F});

        assertThat(counts.precision()).isZero();
        assertThat(counts.f1()).isZero();
    }
}
