package dev.fleetinference.simulator.telemetry;

import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What makes one machine differ from another: its site's climate and time zone, its duty cycle, its motor and
 * process, and how worn it is.
 *
 * @param utcOffset              the site's offset from UTC; daily cycles follow local time
 * @param ambientMeanC           mean ambient temperature at the site, °C
 * @param ambientDailySwingC     half the day-night difference of the ambient temperature, °C
 * @param humidityMeanPct        mean relative humidity at the site, %
 * @param baseLoad               mean motor load as a fraction of rated load
 * @param loadDailySwing         how much the load rises towards the afternoon shift peak (fraction of rated load)
 * @param loadRipple             second-to-second load fluctuation of the driven process (fraction of rated load):
 *                               small for a fan, large for a crusher; it sets the normal spread of current and pressure
 * @param ratedCurrentA          motor current at full load, A
 * @param temperatureRiseAtRatedC casing temperature above ambient at full load, °C
 * @param thermalTimeConstantMinutes how fast the casing temperature follows a change in heating
 * @param pressureSetpointKpa    process pressure set-point, kPa
 * @param initialWear            machine wear at the first sample, 0 (new) to 1 (due for overhaul)
 * @param wearPerDay             how fast wear grows
 */
public record DeviceProfile(String deviceId, ZoneOffset utcOffset, double ambientMeanC, double ambientDailySwingC,
                            double humidityMeanPct, double baseLoad, double loadDailySwing, double loadRipple,
                            double ratedCurrentA,
                            double temperatureRiseAtRatedC, double thermalTimeConstantMinutes,
                            double pressureSetpointKpa, double initialWear, double wearPerDay) {

    public DeviceProfile {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(utcOffset, "utcOffset");
        requireIn(deviceId, "baseLoad", baseLoad, 0, 1);
        requireIn(deviceId, "loadDailySwing", loadDailySwing, 0, 1);
        requireIn(deviceId, "loadRipple", loadRipple, 0, 1);
        requireIn(deviceId, "humidityMeanPct", humidityMeanPct, 0, 100);
        requireIn(deviceId, "initialWear", initialWear, 0, 1);
        requireIn(deviceId, "ratedCurrentA", ratedCurrentA, 0.1, 10_000);
        requireIn(deviceId, "thermalTimeConstantMinutes", thermalTimeConstantMinutes, 0.1, 10_000);
        requireIn(deviceId, "pressureSetpointKpa", pressureSetpointKpa, 1, 100_000);
        requireIn(deviceId, "wearPerDay", wearPerDay, 0, 1);
    }

    private static void requireIn(String deviceId, String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " of " + deviceId + " must be in [" + min + ", " + max
                    + "], was " + value);
        }
    }
}
