package dev.fleetinference.simulator.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: samples a device at a fixed interval, and twins a device with another failure plan. */
final class DeviceRun {

    static final Instant START = Instant.parse("2025-06-02T00:00:00Z");

    private DeviceRun() {
    }

    static List<TelemetrySample> sample(SimulatedDevice device, Duration interval, int count) {
        List<TelemetrySample> samples = new ArrayList<>(count);
        Instant time = START;
        for (int i = 0; i < count; i++) {
            samples.add(device.next(time));
            time = time.plus(interval);
        }
        return samples;
    }

    /** A typical machine from a seeded fleet, with its own noise seed and the given failure. */
    static SimulatedDevice machine(FailurePlan plan) {
        DeviceProfile profile = new FleetTelemetry(2024).devices(1, 0).get(0).profile();
        return new SimulatedDevice(profile, plan, 99);
    }

    static double median(List<TelemetrySample> samples, String feature) {
        double[] values = samples.stream().mapToDouble(s -> s.feature(feature)).sorted().toArray();
        return values[values.length / 2];
    }
}
