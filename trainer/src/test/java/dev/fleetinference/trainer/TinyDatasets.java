package dev.fleetinference.trainer;

import dev.fleetinference.simulator.telemetry.TrainingData;

/** Test fixture: small simulated datasets, quick to train on. */
final class TinyDatasets {

    private TinyDatasets() {
    }

    static Examples fleet(long seed, int devices, int samplesPerDevice) {
        return Examples.of(new TrainingData(seed).generate(devices, samplesPerDevice));
    }

    static DeviceSplit split(long seed) {
        return DeviceSplit.byDevice(fleet(seed, 16, 80), TrainingRun.VALIDATION_SHARE, seed);
    }
}
