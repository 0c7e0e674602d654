package dev.fleetinference.simulator.telemetry;

/** A sensor whose within-window spread is part of the feature contract, and so one whose getting stuck shows. */
public enum Sensor {
    TEMPERATURE(FeatureNames.TEMPERATURE_C, FeatureNames.TEMPERATURE_C_STD),
    MOTOR_CURRENT(FeatureNames.MOTOR_CURRENT_A, FeatureNames.MOTOR_CURRENT_A_STD),
    PRESSURE(FeatureNames.PRESSURE_KPA, FeatureNames.PRESSURE_KPA_STD);

    private final String meanFeature;
    private final String stdFeature;

    Sensor(String meanFeature, String stdFeature) {
        this.meanFeature = meanFeature;
        this.stdFeature = stdFeature;
    }

    /** The feature holding this sensor's window mean. */
    public String meanFeature() {
        return meanFeature;
    }

    /** The feature holding this sensor's window standard deviation. */
    public String stdFeature() {
        return stdFeature;
    }
}
