package dev.fleetinference.simulator.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * One simulated machine: advances its physical state to a given time and summarises that window of its sensors.
 *
 * <p>The model: a motor drives a pump. Ambient temperature and load follow daily cycles in the site's local time plus
 * slow random drifts; motor current follows load and wear; the casing temperature follows ambient temperature and
 * resistive heating (current squared) with a thermal lag; vibration grows with wear and load; pressure follows the
 * set-point and load. Each window is simulated as {@value #READINGS_PER_WINDOW} sensor readings whose means and
 * standard deviations are the sample's features. Not thread-safe: one caller, times in non-decreasing order.
 */
public final class SimulatedDevice {

    /** The span of sensor readings one sample summarises. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** Sensor readings in a window: one every two seconds. */
    public static final int READINGS_PER_WINDOW = 30;

    private static final double SECONDS_PER_HOUR = 3_600;
    private static final double SECONDS_PER_DAY = 86_400;

    // slow drifts, as Ornstein-Uhlenbeck processes: time constant and stationary standard deviation
    private static final double WEATHER_TAU_S = 6 * SECONDS_PER_HOUR;
    private static final double WEATHER_SD_C = 1.5;
    private static final double DAMPNESS_TAU_S = 8 * SECONDS_PER_HOUR;
    private static final double DAMPNESS_SD_PCT = 4;
    private static final double DEMAND_TAU_S = 45 * 60;
    private static final double DEMAND_SD = 0.07;

    // variation between the readings of one window
    private static final double CURRENT_SENSOR_NOISE_A = 0.05;
    private static final double TEMPERATURE_SENSOR_NOISE_C = 0.15;
    private static final double PRESSURE_RIPPLE = 0.005;
    private static final double VIBRATION_SCATTER = 0.10;
    private static final double HUMIDITY_SENSOR_NOISE_PCT = 0.4;

    // ambient temperature peaks mid-afternoon; the day shift's load a little earlier
    private static final double AMBIENT_PEAK_HOUR = 15;
    private static final double LOAD_PEAK_HOUR = 13;
    // warm air holds more water: relative humidity falls as the day warms
    private static final double HUMIDITY_PER_DEGREE = 2.0;

    // an induction motor draws its magnetising current even unloaded; friction from wear adds to the rest
    private static final double NO_LOAD_CURRENT_SHARE = 0.3;
    private static final double WEAR_CURRENT_FACTOR = 0.15;
    private static final double BASE_VIBRATION_MM_S = 0.7;
    private static final double WEAR_VIBRATION_MM_S = 1.8;
    private static final double LOAD_VIBRATION_MM_S = 0.8;
    // a failed bearing reaches ISO 10816 zone D (above 7.1 mm/s) and heats the casing through friction
    private static final double BEARING_VIBRATION_MM_S = 8.0;
    private static final double BEARING_HEAT_C = 20.0;
    // a winding fault draws extra current in bursts: a steady excess, scatter, and occasional spikes
    private static final double FAULT_EXCESS_SHARE = 0.2;
    private static final double FAULT_SCATTER_SHARE = 0.12;
    private static final double FAULT_SPIKE_SHARE = 0.4;
    private static final double FAULT_SPIKE_PROBABILITY = 0.15;
    // the pump's outlet pressure rises with its load: 92 % of the set-point unloaded, 108 % at full load
    private static final double PRESSURE_UNLOADED_SHARE = 0.92;
    private static final double PRESSURE_LOAD_SHARE = 0.16;

    private final DeviceProfile profile;
    private final FailurePlan plan;
    private final Random random;
    private final Sensor stuckSensor;
    private final double[] lastReadings = new double[Sensor.values().length];
    private final RunningMoments temperature = new RunningMoments();
    private final RunningMoments vibration = new RunningMoments();
    private final RunningMoments current = new RunningMoments();
    private final RunningMoments pressure = new RunningMoments();
    private final RunningMoments humidity = new RunningMoments();

    private Instant start;
    private Instant previous;
    private double weatherC;
    private double dampnessPct;
    private double demand;
    private double casingC;

    /** A device with {@code profile} that fails as {@code plan} says; {@code seed} drives its noise. */
    public SimulatedDevice(DeviceProfile profile, FailurePlan plan, long seed) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.random = new Random(seed);
        this.stuckSensor = plan.stuckSensor();
        Arrays.fill(lastReadings, Double.NaN);
    }

    public String deviceId() {
        return profile.deviceId();
    }

    public DeviceProfile profile() {
        return profile;
    }

    public FailurePlan failurePlan() {
        return plan;
    }

    /**
     * The sample for the window ending at {@code time}; the first call fixes the device's start, from which
     * failure onsets and wear count.
     *
     * @throws IllegalArgumentException if {@code time} is before the previous sample's time
     */
    public TelemetrySample next(Instant time) {
        Objects.requireNonNull(time, "time");
        double dtSeconds = advanceClock(time);
        double elapsedSeconds = secondsBetween(start, time);
        double hour = localHour(time);
        boolean first = dtSeconds < 0;

        weatherC = drift(weatherC, first, dtSeconds, WEATHER_TAU_S, WEATHER_SD_C);
        dampnessPct = drift(dampnessPct, first, dtSeconds, DAMPNESS_TAU_S, DAMPNESS_SD_PCT);
        demand = drift(demand, first, dtSeconds, DEMAND_TAU_S, DEMAND_SD);

        boolean failing = plan.activeAt(elapsedSeconds);
        double severity = plan.severityAt(elapsedSeconds);
        double bearing = plan.mode() == FailureMode.BEARING_WEAR ? severity : 0;
        double bearingHeat = plan.mode() == FailureMode.BEARING_WEAR ? plan.thermalSeverityAt(elapsedSeconds) : 0;
        double electrical = plan.mode() == FailureMode.ELECTRICAL_FAULT ? severity : 0;
        Sensor stuck = failing ? stuckSensor : null;

        double ambientC = profile.ambientMeanC() + profile.ambientDailySwingC() * daily(hour, AMBIENT_PEAK_HOUR)
                + weatherC;
        double relativeHumidity = profile.humidityMeanPct() + dampnessPct
                - HUMIDITY_PER_DEGREE * (ambientC - profile.ambientMeanC());
        double load = clamp(profile.baseLoad() + profile.loadDailySwing() * daily(hour, LOAD_PEAK_HOUR) + demand,
                0.05, 1.0);
        double wear = Math.min(1, profile.initialWear() + profile.wearPerDay() * elapsedSeconds / SECONDS_PER_DAY);
        double rated = profile.ratedCurrentA();
        double wearFactor = 1 + WEAR_CURRENT_FACTOR * wear;
        double meanCurrentA = rated * (motorCurrentShare(load) * wearFactor + FAULT_EXCESS_SHARE * electrical);
        double heatingC = profile.temperatureRiseAtRatedC() * square(meanCurrentA / rated)
                + BEARING_HEAT_C * bearingHeat;
        casingC = settle(casingC, ambientC + heatingC, first, dtSeconds);
        double vibrationMmS = BASE_VIBRATION_MM_S + WEAR_VIBRATION_MM_S * wear + LOAD_VIBRATION_MM_S * load
                + BEARING_VIBRATION_MM_S * bearing;

        resetWindow();
        for (int i = 0; i < READINGS_PER_WINDOW; i++) {
            // every draw happens whatever the failure, so a failing device and its healthy twin share their noise
            double loadNoise = random.nextGaussian();
            double currentNoise = random.nextGaussian();
            double faultNoise = random.nextGaussian();
            boolean spike = random.nextDouble() < FAULT_SPIKE_PROBABILITY * electrical;
            double pressureNoise = random.nextGaussian();
            double temperatureNoise = random.nextGaussian();
            double vibrationNoise = random.nextGaussian();
            double humidityNoise = random.nextGaussian();

            double instantLoad = clamp(load + profile.loadRipple() * loadNoise, 0, 1.1);
            double currentA = rated * (motorCurrentShare(instantLoad) * wearFactor
                    + electrical * (FAULT_EXCESS_SHARE + FAULT_SCATTER_SHARE * faultNoise
                    + (spike ? FAULT_SPIKE_SHARE : 0)))
                    + CURRENT_SENSOR_NOISE_A * currentNoise;
            double setpoint = profile.pressureSetpointKpa();
            double pressureKpa = setpoint * (PRESSURE_UNLOADED_SHARE + PRESSURE_LOAD_SHARE * instantLoad
                    + PRESSURE_RIPPLE * pressureNoise);

            temperature.add(read(Sensor.TEMPERATURE, casingC + TEMPERATURE_SENSOR_NOISE_C * temperatureNoise, stuck));
            current.add(read(Sensor.MOTOR_CURRENT, Math.max(0, currentA), stuck));
            pressure.add(read(Sensor.PRESSURE, pressureKpa, stuck));
            vibration.add(Math.max(0, vibrationMmS * (1 + VIBRATION_SCATTER * vibrationNoise)));
            humidity.add(clamp(relativeHumidity + HUMIDITY_SENSOR_NOISE_PCT * humidityNoise, 1, 100));
        }
        return new TelemetrySample(profile.deviceId(), time, windowFeatures(),
                failing ? plan.mode() : FailureMode.NONE, failing);
    }

    /** Seconds since the previous sample, or -1 for the first sample. */
    private double advanceClock(Instant time) {
        if (previous == null) {
            start = time;
            previous = time;
            return -1;
        }
        if (time.isBefore(previous)) {
            throw new IllegalArgumentException(profile.deviceId() + ": sample time " + time
                    + " is before the previous sample's time " + previous);
        }
        double dt = secondsBetween(previous, time);
        previous = time;
        return dt;
    }

    // exact Ornstein-Uhlenbeck step over dt, started from its stationary distribution
    private double drift(double value, boolean first, double dtSeconds, double tauSeconds, double sd) {
        double noise = random.nextGaussian();
        if (first) {
            return sd * noise;
        }
        double decay = Math.exp(-dtSeconds / tauSeconds);
        return value * decay + sd * Math.sqrt(1 - decay * decay) * noise;
    }

    // first-order thermal lag towards the temperature the current heating would settle at
    private double settle(double currentC, double targetC, boolean first, double dtSeconds) {
        if (first) {
            return targetC;
        }
        double decay = Math.exp(-dtSeconds / (profile.thermalTimeConstantMinutes() * 60));
        return targetC + (currentC - targetC) * decay;
    }

    // a stuck sensor repeats the last value it read before it stuck
    private double read(Sensor sensor, double actual, Sensor stuck) {
        int slot = sensor.ordinal();
        if (sensor != stuck || Double.isNaN(lastReadings[slot])) {
            lastReadings[slot] = actual;
        }
        return lastReadings[slot];
    }

    private void resetWindow() {
        temperature.reset();
        vibration.reset();
        current.reset();
        pressure.reset();
        humidity.reset();
    }

    private Map<String, Float> windowFeatures() {
        Map<String, Float> features = new LinkedHashMap<>(16);
        features.put(FeatureNames.TEMPERATURE_C, (float) temperature.mean());
        features.put(FeatureNames.VIBRATION_RMS, (float) vibration.mean());
        features.put(FeatureNames.MOTOR_CURRENT_A, (float) current.mean());
        features.put(FeatureNames.PRESSURE_KPA, (float) pressure.mean());
        features.put(FeatureNames.HUMIDITY_PCT, (float) humidity.mean());
        features.put(FeatureNames.TEMPERATURE_C_STD, (float) temperature.standardDeviation());
        features.put(FeatureNames.MOTOR_CURRENT_A_STD, (float) current.standardDeviation());
        features.put(FeatureNames.PRESSURE_KPA_STD, (float) pressure.standardDeviation());
        return features;
    }

    private double localHour(Instant time) {
        long localSeconds = time.getEpochSecond() + profile.utcOffset().getTotalSeconds();
        return Math.floorMod(localSeconds, (long) SECONDS_PER_DAY) / SECONDS_PER_HOUR;
    }

    /** 1 at the peak hour, -1 twelve hours later. */
    private static double daily(double hour, double peakHour) {
        return Math.cos(2 * Math.PI * (hour - peakHour) / 24);
    }

    private static double motorCurrentShare(double load) {
        return NO_LOAD_CURRENT_SHARE + (1 - NO_LOAD_CURRENT_SHARE) * load;
    }

    private static double secondsBetween(Instant from, Instant to) {
        return (to.getEpochSecond() - from.getEpochSecond()) + (to.getNano() - from.getNano()) / 1e9;
    }

    private static double square(double x) {
        return x * x;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
