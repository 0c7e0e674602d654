package dev.fleetinference.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainOptionsTest {

    @Test
    void onlyTheOutputDirectoryIsRequired() {
        TrainOptions options = TrainOptions.parse(List.of("--out", "models/x"));

        assertThat(options.out()).isEqualTo(Path.of("models/x"));
        assertThat(options.hyperparameters().seed()).isEqualTo(TrainOptions.DEFAULT_SEED);
        assertThat(options.hyperparameters().epochs()).isEqualTo(TrainOptions.DEFAULT_EPOCHS);
        assertThat(options.hyperparameters().hiddenUnits()).isEqualTo(TrainOptions.DEFAULT_HIDDEN_UNITS);
        assertThat(options.devices()).isEqualTo(TrainOptions.DEFAULT_DEVICES);
        assertThat(options.samplesPerDevice()).isEqualTo(TrainOptions.DEFAULT_SAMPLES_PER_DEVICE);
    }

    @Test
    void everyOptionCanBeGivenWithASpaceOrAnEqualsSign() {
        TrainOptions options = TrainOptions.parse(List.of("--out=m", "--seed", "-7", "--epochs=5", "--hidden", "32",
                "--devices=40", "--samples-per-device", "120"));

        assertThat(options.hyperparameters()).extracting(Hyperparameters::seed, Hyperparameters::epochs,
                Hyperparameters::hiddenUnits).containsExactly(-7L, 5, 32);
        assertThat(options.devices()).isEqualTo(40);
        assertThat(options.samplesPerDevice()).isEqualTo(120);
    }

    @Test
    void helpNeedsNothingElse() {
        assertThat(TrainOptions.parse(List.of("--help")).help()).isTrue();
        assertThat(TrainOptions.parse(List.of("--epochs", "nonsense", "-h")).help()).isTrue();
    }

    @Test
    void eachMistakeIsNamed() {
        assertUsageError(List.of(), "--out DIR is required");
        assertUsageError(List.of("--out"), "--out needs a value");
        assertUsageError(List.of("--out", "m", "--seed"), "--seed needs a value");
        assertUsageError(List.of("--out", "--seed", "1"), "--out needs a value");
        assertUsageError(List.of("--out", "m", "--hidden", "0"), "--hidden must be between 1 and 4096, was 0");
        assertUsageError(List.of("--out", "m", "--devices", "3"), "--devices must be between 4 and");
        assertUsageError(List.of("--out", "m", "--seed", "4.2"), "--seed must be a whole number, was '4.2'");
        assertUsageError(List.of("--out", "m", "--out", "n"), "--out is given more than once");
        assertUsageError(List.of("--out", "m", "extra"), "unexpected argument 'extra'");
        assertUsageError(List.of("--out", "m", "--devices", "100000", "--samples-per-device", "1000"),
                "--devices × --samples-per-device must be at most");
    }

    private static void assertUsageError(List<String> args, String message) {
        assertThatThrownBy(() -> TrainOptions.parse(args)).as("%s", args)
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }
}
