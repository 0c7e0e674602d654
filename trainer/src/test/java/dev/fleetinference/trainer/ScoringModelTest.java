package dev.fleetinference.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoringModelTest {

    @Test
    void servingGraphStandardisesRawFeaturesItself() {
        Examples examples = TinyDatasets.fleet(5, 6, 20);
        Standardisation scaling = Standardisation.fit(examples);
        NetworkWeights weights = NetworkWeights.glorotUniform(Examples.FEATURES, 4, 5);

        float[] scores;
        try (ScoringModel model = new ScoringModel(scaling, weights)) {
            scores = model.score(examples);
        }

        for (int row = 0; row < examples.size(); row++) {
            assertThat(scores[row]).as("row %d", row)
                    .isCloseTo((float) expectedScore(examples.row(row), scaling, weights), within(1e-5f));
        }
    }

    @Test
    void aRowScoresTheSameAloneAsInABatch() {
        Examples examples = TinyDatasets.fleet(6, 6, 20);
        try (ScoringModel model = new ScoringModel(Standardisation.fit(examples),
                NetworkWeights.glorotUniform(Examples.FEATURES, 16, 6))) {
            float[] batch = model.score(examples);

            for (int row = 0; row < examples.size(); row += 17) {
                assertThat(model.score(examples.row(row), 1)[0]).isCloseTo(batch[row], within(1e-6f));
            }
        }
    }

    // the same network written out in plain Java: standardise, ReLU layer, logit, sigmoid
    private static double expectedScore(float[] raw, Standardisation scaling, NetworkWeights weights) {
        float[] means = scaling.means();
        float[] stds = scaling.stds();
        int hidden = weights.hiddenUnits();
        double logit = weights.outputBias()[0];
        for (int j = 0; j < hidden; j++) {
            double activation = weights.hiddenBias()[j];
            for (int i = 0; i < raw.length; i++) {
                activation += (raw[i] - means[i]) / stds[i] * weights.hiddenWeights()[i][j];
            }
            logit += Math.max(0, activation) * weights.outputWeights()[j][0];
        }
        return 1 / (1 + Math.exp(-logit));
    }
}
