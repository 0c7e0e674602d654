package dev.fleetinference.simulator.telemetry;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A seeded fleet of simulated devices: the same seed gives the same profiles, failures and samples.
 *
 * <p>A device's profile and noise depend only on the seed and its number, so {@code device-0007} is the same machine
 * in a fleet of 10 and of 1,000; which devices fail, and how, depends on the fleet's size and failing share.
 */
public final class FleetTelemetry {

    /** Default earliest failure onset, counted from a device's first sample. */
    public static final Duration DEFAULT_EARLIEST_ONSET = Duration.ofHours(2);
    /** Default latest failure onset, counted from a device's first sample. */
    public static final Duration DEFAULT_LATEST_ONSET = Duration.ofHours(24);

    private static final FailureMode[] FAILURES = {
            FailureMode.BEARING_WEAR, FailureMode.STUCK_SENSOR, FailureMode.ELECTRICAL_FAULT};
    private static final long PROFILE_STREAM = 0x5EED_0001L;
    private static final long NOISE_STREAM = 0x5EED_0002L;
    private static final long FLEET_STREAM = 0x5EED_0003L;

    private final long seed;

    public FleetTelemetry(long seed) {
        this.seed = seed;
    }

    /** The id of device number {@code number} (from 1): {@code device-0001}. */
    public static String deviceId(int number) {
        return String.format("device-%04d", number);
    }

    /** {@code count} new devices, {@code failingShare} of them failing between the default onsets. */
    public List<SimulatedDevice> devices(int count, double failingShare) {
        return devices(count, failingShare, DEFAULT_EARLIEST_ONSET, DEFAULT_LATEST_ONSET);
    }

    /**
     * {@code count} new devices, numbered from 1; {@code round(count * failingShare)} of them fail, the three
     * failure modes in equal parts, each at a uniformly random time between the two onsets.
     */
    public List<SimulatedDevice> devices(int count, double failingShare, Duration earliestOnset,
                                         Duration latestOnset) {
        if (count < 0) {
            throw new IllegalArgumentException("device count must not be negative, was " + count);
        }
        if (!(failingShare >= 0 && failingShare <= 1)) {
            throw new IllegalArgumentException("failingShare must be in [0, 1], was " + failingShare);
        }
        Objects.requireNonNull(earliestOnset, "earliestOnset");
        Objects.requireNonNull(latestOnset, "latestOnset");
        if (earliestOnset.isNegative() || latestOnset.compareTo(earliestOnset) < 0) {
            throw new IllegalArgumentException("onsets must satisfy 0 <= earliest <= latest, were "
                    + earliestOnset + " and " + latestOnset);
        }
        FailureMode[] failures = failureModes(count, failingShare);
        List<SimulatedDevice> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Random random = new Random(streamSeed(PROFILE_STREAM, i));
            DeviceProfile profile = profile(deviceId(i + 1), random);
            FailurePlan plan = plan(failures[i], random, earliestOnset, latestOnset);
            devices.add(new SimulatedDevice(profile, plan, streamSeed(NOISE_STREAM, i)));
        }
        return List.copyOf(devices);
    }

    private FailureMode[] failureModes(int count, double failingShare) {
        List<Integer> order = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(streamSeed(FLEET_STREAM, count)));
        FailureMode[] modes = new FailureMode[count];
        Arrays.fill(modes, FailureMode.NONE);
        long failing = Math.round(count * failingShare);
        for (int k = 0; k < failing; k++) {
            modes[order.get(k)] = FAILURES[k % FAILURES.length];
        }
        return modes;
    }

    private static DeviceProfile profile(String deviceId, Random random) {
        return new DeviceProfile(
                deviceId,
                ZoneOffset.ofHours(-8 + random.nextInt(18)),
                uniform(random, 8, 28),
                uniform(random, 2, 6),
                uniform(random, 35, 70),
                uniform(random, 0.35, 0.6),
                uniform(random, 0.05, 0.25),
                uniform(random, 0.015, 0.06),
                uniform(random, 12, 40),
                uniform(random, 28, 42),
                uniform(random, 15, 40),
                uniform(random, 250, 600),
                uniform(random, 0, 0.7),
                uniform(random, 0.002, 0.01));
    }

    // failure dynamics are compressed from weeks to hours so a short simulation shows whole failures
    private static FailurePlan plan(FailureMode mode, Random random, Duration earliest, Duration latest) {
        Duration onset = between(random, earliest, latest);
        return switch (mode) {
            case NONE -> FailurePlan.none();
            case BEARING_WEAR -> FailurePlan.bearingWear(onset,
                    between(random, Duration.ofHours(12), Duration.ofHours(48)),
                    between(random, Duration.ofHours(2), Duration.ofHours(6)));
            case STUCK_SENSOR -> FailurePlan.stuckSensor(onset,
                    Sensor.values()[random.nextInt(Sensor.values().length)]);
            case ELECTRICAL_FAULT -> FailurePlan.electricalFault(onset,
                    between(random, Duration.ofHours(4), Duration.ofHours(16)));
        };
    }

    private long streamSeed(long stream, long index) {
        return mix(mix(seed ^ stream) + index);
    }

    // SplitMix64's finaliser: nearby seeds and indices give unrelated streams
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double uniform(Random random, double min, double max) {
        return min + (max - min) * random.nextDouble();
    }

    private static Duration between(Random random, Duration min, Duration max) {
        long seconds = min.toSeconds() + (long) ((max.toSeconds() - min.toSeconds()) * random.nextDouble());
        return Duration.ofSeconds(seconds);
    }
}
