package dev.fleetinference.simulator.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Labelled training samples: a seeded fleet sampled at a fixed interval, 40 % of it failing part-way through. */
public final class TrainingData {

    /** When every device's first sample is taken; fixed, so a seed alone decides the data. */
    public static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    /** Time between a device's samples (one window out of every five). */
    public static final Duration SAMPLE_INTERVAL = Duration.ofMinutes(5);
    /** Share of devices that fail. */
    public static final double FAILING_SHARE = 0.4;
    // failures start between 20 % and 70 % of the observed span: on average 55 % of a failing device's samples are
    // anomalous, so about 22 % of all samples
    private static final double EARLIEST_ONSET = 0.2;
    private static final double LATEST_ONSET = 0.7;

    private final long seed;

    public TrainingData(long seed) {
        this.seed = seed;
    }

    /** {@code devices × samplesPerDevice} samples, device by device, each device's in time order. */
    public List<TelemetrySample> generate(int devices, int samplesPerDevice) {
        if (devices < 1 || samplesPerDevice < 1) {
            throw new IllegalArgumentException("need at least one device and one sample per device, got "
                    + devices + " devices and " + samplesPerDevice + " samples per device");
        }
        Duration span = SAMPLE_INTERVAL.multipliedBy(samplesPerDevice);
        List<SimulatedDevice> fleet = new FleetTelemetry(seed).devices(devices, FAILING_SHARE,
                fractionOf(span, EARLIEST_ONSET), fractionOf(span, LATEST_ONSET));
        List<TelemetrySample> samples = new ArrayList<>(Math.multiplyExact(devices, samplesPerDevice));
        for (SimulatedDevice device : fleet) {
            Instant time = START;
            for (int i = 0; i < samplesPerDevice; i++) {
                samples.add(device.next(time));
                time = time.plus(SAMPLE_INTERVAL);
            }
        }
        return samples;
    }

    private static Duration fractionOf(Duration span, double fraction) {
        return Duration.ofSeconds(Math.round(span.toSeconds() * fraction));
    }
}
