package dev.fleetinference.simulator.telemetry;

import java.time.Duration;
import java.util.Objects;

/**
 * When a device's failure starts and how it develops; times count from the device's first sample.
 *
 * <p>A progressive failure starts at {@value #INITIAL_SEVERITY} severity (the defect exists from its onset, faint)
 * and grows linearly to 1 over {@code progression}.
 *
 * @param onsetAfter     time from the first sample to the onset; the failure is active from then on
 * @param progression    time from onset to full severity; zero for a stuck sensor, which is all-or-nothing
 * @param temperatureLag how long the casing temperature trails the vibration of a worn bearing; zero otherwise
 * @param stuckSensor    the sensor that sticks, for {@link FailureMode#STUCK_SENSOR} only; null otherwise
 */
public record FailurePlan(FailureMode mode, Duration onsetAfter, Duration progression, Duration temperatureLag,
                          Sensor stuckSensor) {

    /** Severity at the onset of a progressive failure. */
    public static final double INITIAL_SEVERITY = 0.15;

    private static final FailurePlan NONE = new FailurePlan(FailureMode.NONE, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, null);

    public FailurePlan {
        Objects.requireNonNull(mode, "mode");
        requireNotNegative("onsetAfter", onsetAfter);
        requireNotNegative("progression", progression);
        requireNotNegative("temperatureLag", temperatureLag);
        if ((mode == FailureMode.STUCK_SENSOR) != (stuckSensor != null)) {
            throw new IllegalArgumentException("a " + mode + " plan " + (stuckSensor == null
                    ? "needs the sensor that sticks" : "cannot have a stuck sensor (" + stuckSensor + ")"));
        }
        if ((mode == FailureMode.BEARING_WEAR || mode == FailureMode.ELECTRICAL_FAULT) && progression.isZero()) {
            throw new IllegalArgumentException("a " + mode + " plan needs a progression time above zero");
        }
    }

    /** A device that stays healthy. */
    public static FailurePlan none() {
        return NONE;
    }

    /** A bearing that starts to wear after {@code onsetAfter}; the temperature follows {@code temperatureLag} later. */
    public static FailurePlan bearingWear(Duration onsetAfter, Duration progression, Duration temperatureLag) {
        return new FailurePlan(FailureMode.BEARING_WEAR, onsetAfter, progression, temperatureLag, null);
    }

    /** {@code sensor} freezes at its last reading after {@code onsetAfter}. */
    public static FailurePlan stuckSensor(Duration onsetAfter, Sensor sensor) {
        return new FailurePlan(FailureMode.STUCK_SENSOR, onsetAfter, Duration.ZERO, Duration.ZERO,
                Objects.requireNonNull(sensor, "sensor"));
    }

    /** An electrical fault that starts after {@code onsetAfter} and worsens over {@code progression}. */
    public static FailurePlan electricalFault(Duration onsetAfter, Duration progression) {
        return new FailurePlan(FailureMode.ELECTRICAL_FAULT, onsetAfter, progression, Duration.ZERO, null);
    }

    /** Whether the failure is active {@code elapsedSeconds} after the first sample. */
    boolean activeAt(double elapsedSeconds) {
        return mode != FailureMode.NONE && elapsedSeconds >= onsetAfter.toSeconds();
    }

    /** Severity in [0, 1] {@code elapsedSeconds} after the first sample: 0 before the onset. */
    double severityAt(double elapsedSeconds) {
        if (!activeAt(elapsedSeconds)) {
            return 0;
        }
        if (progression.isZero()) {
            return 1;
        }
        double progress = (elapsedSeconds - onsetAfter.toSeconds()) / progression.toSeconds();
        return Math.min(1, INITIAL_SEVERITY + (1 - INITIAL_SEVERITY) * progress);
    }

    /** The severity the casing temperature feels: the severity {@code temperatureLag} earlier. */
    double thermalSeverityAt(double elapsedSeconds) {
        double lagged = elapsedSeconds - temperatureLag.toSeconds();
        return lagged < onsetAfter.toSeconds() ? 0 : severityAt(lagged);
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
