package dev.fleetinference.simulator.telemetry;

/** What is going wrong with a device, if anything; every mode but {@link #NONE} makes its samples anomalous. */
public enum FailureMode {
    /** Healthy: only wear, daily cycles and noise. */
    NONE,
    /** A degrading bearing: vibration rises first, the casing temperature follows hours later. */
    BEARING_WEAR,
    /** One of the temperature, pressure or current sensors repeats its last value: its window std drops to zero. */
    STUCK_SENSOR,
    /** A winding or supply fault: the motor draws more current, and erratically (high current std). */
    ELECTRICAL_FAULT
}
