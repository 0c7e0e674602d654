package dev.fleetinference.trainer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    static final String USAGE = """
            Usage: trainer train --out DIR [options]

            Trains the anomaly classifier on simulated fleet telemetry and writes to DIR a TensorFlow SavedModel
            (signature 'serving_default': input 'features' float32[-1,8], output 'score' float32[-1,1]) with
            fleet-model.json (metadata and held-out metrics) and probe.json (reference scores).

            Options:
              --out DIR                 output directory; must not exist or be empty (required)
              --seed N                  seed of the data, split, initial weights and batch order (default %d)
              --epochs N                passes over the training split (default %d)
              --hidden N                hidden units of the MLP (default %d)
              --devices N               simulated devices, at least %d; a quarter are held out (default %d)
              --samples-per-device N    samples per device, 5 simulated minutes apart (default %d)
              -h, --help                print this help

            TensorFlow prints info lines on start-up; TF_CPP_MIN_LOG_LEVEL=2 in the environment silences them.
            """.formatted(DEFAULT_SEED, DEFAULT_EPOCHS, DEFAULT_HIDDEN_UNITS, MIN_DEVICES, DEFAULT_DEVICES,
            DEFAULT_SAMPLES_PER_DEVICE);

    private static final Set<String> OPTIONS = Set.of(
            "--out", "--seed", "--epochs", "--hidden", "--devices", "--samples-per-device");

    /**
     * Parses {@code --name value} and {@code --name=value} arguments.
     *
     * @throws UsageException naming the unknown, repeated, missing or invalid option
     */
    static TrainOptions parse(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            return new TrainOptions(true, null, defaults(), DEFAULT_DEVICES, DEFAULT_SAMPLES_PER_DEVICE);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!OPTIONS.contains(name)) {
                throw new UsageException(arg.startsWith("-")
                        ? "unknown option '" + name + "'" : "unexpected argument '" + arg + "'");
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size() && !OPTIONS.contains(args.get(i + 1))) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value");
            }
            if (values.put(name, value) != null) {
                throw new UsageException(name + " is given more than once");
            }
        }
        String out = values.get("--out");
        if (out == null || out.isBlank()) {
            throw new UsageException("--out DIR is required: the directory to write the model into");
        }
        int devices = intValue(values, "--devices", DEFAULT_DEVICES, MIN_DEVICES, 100_000);
        int samplesPerDevice = intValue(values, "--samples-per-device", DEFAULT_SAMPLES_PER_DEVICE, 10, MAX_SAMPLES);
        if ((long) devices * samplesPerDevice > MAX_SAMPLES) {
            throw new UsageException("--devices × --samples-per-device must be at most " + MAX_SAMPLES + ", was "
                    + devices + " × " + samplesPerDevice);
        }
        Hyperparameters hyperparameters = new Hyperparameters(
                longValue(values, "--seed", DEFAULT_SEED),
                intValue(values, "--epochs", DEFAULT_EPOCHS, 1, 10_000),
                intValue(values, "--hidden", DEFAULT_HIDDEN_UNITS, 1, 4_096),
                Hyperparameters.DEFAULT_BATCH_SIZE,
                Hyperparameters.DEFAULT_LEARNING_RATE);
        return new TrainOptions(false, Path.of(out), hyperparameters, devices, samplesPerDevice);
    }

    private static Hyperparameters defaults() {
        return new Hyperparameters(DEFAULT_SEED, DEFAULT_EPOCHS, DEFAULT_HIDDEN_UNITS,
                Hyperparameters.DEFAULT_BATCH_SIZE, Hyperparameters.DEFAULT_LEARNING_RATE);
    }

    private static int intValue(Map<String, String> values, String name, int fallback, int min, int max) {
        long value = longValue(values, name, fallback);
        if (value < min || value > max) {
            throw new UsageException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return (int) value;
    }

    private static long longValue(Map<String, String> values, String name, long fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, was '" + text + "'");
        }
    }
}
