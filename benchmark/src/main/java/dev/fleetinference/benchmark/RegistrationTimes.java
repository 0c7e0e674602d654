package dev.fleetinference.benchmark;

import java.util.List;

/**
 * How long registering a step's devices took.
 *
 * @param fromDevices  devices registered before the step
 * @param toDevices    devices registered after it
 * @param batches      the batches: devices and milliseconds of each {@code register} call
 * @param singleMillis each device registered alone, as {@code ./fleet devices add ID} does (a new registry each)
 */
record RegistrationTimes(int fromDevices, int toDevices, List<Batch> batches, List<Double> singleMillis) {

    /** One {@code register} call of {@code devices} devices. */
    record Batch(int devices, double millis) {
    }

    RegistrationTimes {
        batches = List.copyOf(batches);
        singleMillis = List.copyOf(singleMillis);
    }

    /** Milliseconds per device over the batches; NaN if there were none. */
    double batchMillisPerDevice() {
        int devices = batches.stream().mapToInt(Batch::devices).sum();
        return devices == 0 ? Double.NaN : batches.stream().mapToDouble(Batch::millis).sum() / devices;
    }

    /** The median of the single registrations; NaN if there were none. */
    double singleMedianMillis() {
        return singleMillis.isEmpty() ? Double.NaN : Stats.median(singleMillis);
    }
}
