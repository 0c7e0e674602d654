package dev.fleetinference.trainer;

import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code train} subcommand's options, validated.
 *
 * @param out              directory to write the SavedModel, {@code fleet-model.json} and {@code probe.json} into
 * @param devices          simulated devices in the dataset (a quarter of them are held out for validation)
 * @param samplesPerDevice samples per device, one every five simulated minutes
 */
record TrainOptions(boolean help, Path out, Hyperparameters hyperparameters, int devices, int samplesPerDevice) {

    static final long DEFAULT_SEED = 42;
    static final int DEFAULT_EPOCHS = 30;
    static final int DEFAULT_HIDDEN_UNITS = 16;
    static final int DEFAULT_DEVICES = 200;
    static final int DEFAULT_SAMPLES_PER_DEVICE = 400;
    // fewer devices cannot give both the training and the validation split a failing and a healthy device
    static final int MIN_DEVICES = 4;
    static final int MAX_SAMPLES = 5_000_000;

    private static final Setting OUT = Setting.flagOnly("--out")
            .described("DIR", "output directory; must not exist or be empty (required)");
    private static final Setting SEED = Setting.flagOnly("--seed").withDefault(Long.toString(DEFAULT_SEED))
            .described("N", "seed of the data, split, initial weights and batch order");
    private static final Setting EPOCHS = Setting.flagOnly("--epochs").withDefault(Integer.toString(DEFAULT_EPOCHS))
            .described("N", "passes over the training split");
    private static final Setting HIDDEN = Setting.flagOnly("--hidden")
            .withDefault(Integer.toString(DEFAULT_HIDDEN_UNITS)).described("N", "hidden units of the MLP");
    private static final Setting DEVICES = Setting.flagOnly("--devices").withDefault(Integer.toString(DEFAULT_DEVICES))
            .described("N", "simulated devices, at least " + MIN_DEVICES + "; a quarter are held out");
    private static final Setting SAMPLES = Setting.flagOnly("--samples-per-device")
            .withDefault(Integer.toString(DEFAULT_SAMPLES_PER_DEVICE))
            .described("N", "samples per device, 5 simulated minutes apart");

    static final Command COMMAND = Command.named("train")
            .synopsis("trainer train --out DIR [--seed N] [--epochs N] [--hidden N] [--devices N] "
                    + "[--samples-per-device N]")
            .description("""
                    Trains the anomaly classifier on simulated fleet telemetry and exports it to DIR.
                    DIR gets a TensorFlow SavedModel (signature 'serving_default': input 'features' float32[-1,8],
                    output 'score' float32[-1,1]) with fleet-model.json (metadata and held-out metrics) and
                    probe.json (reference scores).""")
            .settings(List.of(OUT, SEED, EPOCHS, HIDDEN, DEVICES, SAMPLES))
            .footer("TensorFlow prints info lines on start-up; TF_CPP_MIN_LOG_LEVEL=2 in the environment silences "
                    + "them.")
            .build();

    /**
     * Parses {@code --name value} and {@code --name=value} arguments.
     *
     * @throws UsageException naming the unknown, repeated, missing or invalid option
     */
    static TrainOptions parse(List<String> args) {
        Settings settings = Subcommand.parse(COMMAND, args, Map.of());
        if (settings.has("--help")) {
            return new TrainOptions(true, null, defaults(), DEFAULT_DEVICES, DEFAULT_SAMPLES_PER_DEVICE);
        }
        String out = settings.given(OUT)
                .orElseThrow(() -> new UsageException("--out DIR is required: the directory to write the model into"));
        int devices = intValue(settings, DEVICES, MIN_DEVICES, 100_000);
        int samplesPerDevice = intValue(settings, SAMPLES, 10, MAX_SAMPLES);
        if ((long) devices * samplesPerDevice > MAX_SAMPLES) {
            throw new UsageException("--devices × --samples-per-device must be at most " + MAX_SAMPLES + ", was "
                    + devices + " × " + samplesPerDevice);
        }
        Hyperparameters hyperparameters = new Hyperparameters(
                longValue(settings, SEED),
                intValue(settings, EPOCHS, 1, 10_000),
                intValue(settings, HIDDEN, 1, 4_096),
                Hyperparameters.DEFAULT_BATCH_SIZE,
                Hyperparameters.DEFAULT_LEARNING_RATE);
        return new TrainOptions(false, Path.of(out), hyperparameters, devices, samplesPerDevice);
    }

    private static Hyperparameters defaults() {
        return new Hyperparameters(DEFAULT_SEED, DEFAULT_EPOCHS, DEFAULT_HIDDEN_UNITS,
                Hyperparameters.DEFAULT_BATCH_SIZE, Hyperparameters.DEFAULT_LEARNING_RATE);
    }

    private static int intValue(Settings settings, Setting setting, int min, int max) {
        long value = longValue(settings, setting);
        if (value < min || value > max) {
            throw new UsageException(setting.flag() + " must be between " + min + " and " + max + ", was " + value);
        }
        return (int) value;
    }

    private static long longValue(Settings settings, Setting setting) {
        String text = settings.required(setting);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(setting.flag() + " must be a whole number, was '" + text + "'");
        }
    }
}
