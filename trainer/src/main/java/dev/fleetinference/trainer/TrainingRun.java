package dev.fleetinference.trainer;

import dev.fleetinference.simulator.telemetry.FeatureNames;
import dev.fleetinference.simulator.telemetry.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The training pipeline: simulate a labelled fleet, split it by device, fit the standardisation, train, choose the
 * threshold, measure on the held-out devices and write the model directory.
 */
final class TrainingRun {

    static final double VALIDATION_SHARE = 0.25;

    private final PrintStream out;

    TrainingRun(PrintStream out) {
        this.out = out;
    }

    TrainingOutcome run(Hyperparameters hyperparameters, int devices, int samplesPerDevice, ModelDirectory target)
            throws IOException {
        long started = System.nanoTime();
        Examples all = Examples.of(new TrainingData(hyperparameters.seed()).generate(devices, samplesPerDevice));
        out.printf("Simulated %d devices × %d samples (seed %d): %d samples, %s anomalous%n", devices,
                samplesPerDevice, hyperparameters.seed(), all.size(), share(all.positives(), all.size()));
        DeviceSplit split = DeviceSplit.byDevice(all, VALIDATION_SHARE, hyperparameters.seed());
        out.printf("Split by device: training on %d devices (%d samples), validating on %d unseen devices "
                        + "(%d samples, %s anomalous)%n", split.trainingDevices(), split.training().size(),
                split.validationDevices(), split.validation().size(),
                share(split.validation().positives(), split.validation().size()));
        long simulated = System.nanoTime();

        out.printf("Training an MLP %d → %d → 1 for %d epochs (Adam, learning rate %s, batch %d, anomalies "
                        + "weighted to balance the classes)%n", Examples.FEATURES, hyperparameters.hiddenUnits(),
                hyperparameters.epochs(), hyperparameters.learningRate(), hyperparameters.batchSize());
        Standardisation scaling = Standardisation.fit(split.training());
        NetworkWeights weights = new ClassifierTrainer(hyperparameters, this::report)
                .train(split.training(), split.validation(), scaling);
        long trained = System.nanoTime();

        try (ScoringModel model = new ScoringModel(scaling, weights)) {
            // chosen on the training devices, so the validation metrics below stay an unbiased estimate
            double threshold = F1Threshold.choose(model.score(split.training()), split.training().labels());
            float[] validationScores = model.score(split.validation());
            ConfusionCounts counts = ConfusionCounts.at(threshold, validationScores, split.validation().labels());
            ModelMetrics metrics = ModelMetrics.of(RocAuc.of(validationScores, split.validation().labels()), counts);
            ModelMetadata metadata = ModelMetadata.of(threshold, metrics, hyperparameters);
            target.write(model, metadata, probe(model, split.validation(), validationScores));
            long exported = System.nanoTime();
            return new TrainingOutcome(target.path(), metadata, counts, split.validationDevices(),
                    Duration.ofNanos(simulated - started), Duration.ofNanos(trained - simulated),
                    Duration.ofNanos(exported - trained));
        }
    }

    private void report(EpochProgress progress) {
        out.printf("epoch %3d/%d  loss %.4f  validation AUC %.4f%n", progress.epoch(), progress.epochs(),
                progress.loss(), progress.validationAuc());
    }

    /** The probe rows, scored again as one batch, as a serving runtime would score them. */
    private static Probe probe(ScoringModel model, Examples validation, float[] validationScores) {
        int[] rows = ProbeSelection.rows(validation, validationScores);
        float[][] inputs = new float[rows.length][];
        float[] flat = new float[rows.length * Examples.FEATURES];
        for (int i = 0; i < rows.length; i++) {
            inputs[i] = validation.row(rows[i]);
            System.arraycopy(inputs[i], 0, flat, i * Examples.FEATURES, Examples.FEATURES);
        }
        return Probe.of(FeatureNames.ORDERED, inputs, model.score(flat, rows.length));
    }

    private static String share(long part, long whole) {
        return String.format("%d (%.1f %%)", part, 100.0 * part / whole);
    }
}
