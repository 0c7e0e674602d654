package dev.fleetinference.trainer;

import dev.fleetinference.settings.Command;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/** {@code trainer train}: trains the anomaly model on simulated telemetry and writes its model directory. */
final class TrainCommand implements Subcommand {

    @Override
    public Command command() {
        return TrainOptions.COMMAND;
    }

    @Override
    public int run(List<String> args, PrintStream out) {
        TrainOptions options = TrainOptions.parse(args);
        if (options.help()) {
            out.print(TrainOptions.COMMAND.usage());
            return TrainerMain.OK;
        }
        ModelDirectory target = new ModelDirectory(options.out(), ModelDirectory.jsonMapper());
        target.requireUsable();
        TrainingOutcome outcome;
        try {
            outcome = new TrainingRun(out).run(options.hyperparameters(), options.devices(),
                    options.samplesPerDevice(), target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + target.path(), e);
        }
        printSummary(outcome, out);
        return TrainerMain.OK;
    }

    private static void printSummary(TrainingOutcome outcome, PrintStream out) {
        ModelMetadata metadata = outcome.metadata();
        ModelMetrics metrics = metadata.metrics();
        ConfusionCounts counts = outcome.validationCounts();
        out.println();
        out.printf("Threshold %.4f: score >= threshold means anomalous (maximises F1 on the training devices)%n",
                metadata.threshold());
        out.printf("Held-out metrics on %d unseen devices (%d samples, %d anomalous):%n",
                outcome.validationDevices(), metrics.validationSamples(), metrics.validationPositives());
        out.printf("  ROC AUC    %.4f%n", metrics.rocAuc());
        out.printf("  precision  %.4f   recall  %.4f   F1  %.4f   accuracy  %.4f%n",
                metrics.precision(), metrics.recall(), metrics.f1(), metrics.accuracy());
        out.printf("  true positives %d, false positives %d, true negatives %d, false negatives %d%n",
                counts.truePositives(), counts.falsePositives(), counts.trueNegatives(), counts.falseNegatives());
        out.printf("Model written to %s%n", outcome.directory());
        out.printf("  SavedModel, signature '%s': %s float32[-1,%d] -> %s float32[-1,1]; %s; %s%n",
                metadata.signatureKey(), metadata.inputName(), metadata.featureNames().size(),
                metadata.outputNames().get(0), ModelMetadata.FILE_NAME, Probe.FILE_NAME);
        out.printf("Done in %.1f s (simulation %.1f s, training %.1f s, evaluation and export %.1f s)%n",
                seconds(outcome.total()), seconds(outcome.simulation()), seconds(outcome.training()),
                seconds(outcome.export()));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
