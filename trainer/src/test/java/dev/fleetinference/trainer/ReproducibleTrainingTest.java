package dev.fleetinference.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same seed trains the same weights to the last bit: every source of randomness is a seeded Java {@code Random},
 * sessions run on one thread, and {@link OrderedAdam} removes the races in TF Java's Adam.
 */
class ReproducibleTrainingTest {

    @Test
    void theSameSeedTrainsTheSameWeights() {
        DeviceSplit split = TinyDatasets.split(8);
        Hyperparameters hyperparameters = new Hyperparameters(8, 4, 16, 32, 0.01f);

        List<EpochProgress> first = new ArrayList<>();
        NetworkWeights once = train(split, hyperparameters, first);
        List<EpochProgress> second = new ArrayList<>();
        NetworkWeights twice = train(split, hyperparameters, second);

        assertThat(second).isEqualTo(first).hasSize(4);
        assertThat(twice.hiddenWeights()).isDeepEqualTo(once.hiddenWeights());
        assertThat(twice.outputWeights()).isDeepEqualTo(once.outputWeights());
        assertThat(twice.hiddenBias()).containsExactly(once.hiddenBias());
        assertThat(twice.outputBias()).containsExactly(once.outputBias());
    }

    @Test
    void anotherSeedTrainsOtherWeights() {
        DeviceSplit split = TinyDatasets.split(8);

        NetworkWeights seed8 = train(split, new Hyperparameters(8, 2, 16, 32, 0.01f), new ArrayList<>());
        NetworkWeights seed9 = train(split, new Hyperparameters(9, 2, 16, 32, 0.01f), new ArrayList<>());

        assertThat(seed9.outputBias()).isNotEqualTo(seed8.outputBias());
    }

    private static NetworkWeights train(DeviceSplit split, Hyperparameters hyperparameters,
                                        List<EpochProgress> progress) {
        return new ClassifierTrainer(hyperparameters, progress::add)
                .train(split.training(), split.validation(), Standardisation.fit(split.training()));
    }
}
