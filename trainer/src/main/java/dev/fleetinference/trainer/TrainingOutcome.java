package dev.fleetinference.trainer;

import java.nio.file.Path;
import java.time.Duration;

/** What a training run produced and how long its phases took. */
record TrainingOutcome(Path directory, ModelMetadata metadata, ConfusionCounts validationCounts,
                       int validationDevices, Duration simulation, Duration training, Duration export) {

    Duration total() {
        return simulation.plus(training).plus(export);
    }
}
