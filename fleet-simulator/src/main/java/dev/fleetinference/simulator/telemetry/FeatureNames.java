package dev.fleetinference.simulator.telemetry;

import java.util.List;

/** The feature contract between devices, the trainer and the scorer: eight window summaries, in this order. */
public final class FeatureNames {

    /** Mean motor casing temperature over the window, °C. */
    public static final String TEMPERATURE_C = "temperature_c";
    /** Mean vibration velocity RMS over the window, mm/s (ISO 10816 scale). */
    public static final String VIBRATION_RMS = "vibration_rms";
    /** Mean motor current over the window, A. */
    public static final String MOTOR_CURRENT_A = "motor_current_a";
    /** Mean process pressure over the window, kPa. */
    public static final String PRESSURE_KPA = "pressure_kpa";
    /** Mean relative humidity around the machine over the window, %. */
    public static final String HUMIDITY_PCT = "humidity_pct";
    /** Standard deviation of the temperature readings within the window, °C. */
    public static final String TEMPERATURE_C_STD = "temperature_c_std";
    /** Standard deviation of the motor current readings within the window, A. */
    public static final String MOTOR_CURRENT_A_STD = "motor_current_a_std";
    /** Standard deviation of the pressure readings within the window, kPa. */
    public static final String PRESSURE_KPA_STD = "pressure_kpa_std";

    /** All features in contract order: the order of a model's input vector. */
    public static final List<String> ORDERED = List.of(
            TEMPERATURE_C, VIBRATION_RMS, MOTOR_CURRENT_A, PRESSURE_KPA, HUMIDITY_PCT,
            TEMPERATURE_C_STD, MOTOR_CURRENT_A_STD, PRESSURE_KPA_STD);

    private FeatureNames() {
    }
}
