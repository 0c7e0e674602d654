package dev.fleetinference.simulator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetTelemetryTest {

    @Test
    void sameSeedGivesSameSamples() {
        assertThat(fleetSamples(42)).isEqualTo(fleetSamples(42));
    }

    @Test
    void differentSeedsGiveDifferentSamples() {
        List<TelemetrySample> first = fleetSamples(42);
        List<TelemetrySample> second = fleetSamples(43);

        assertThat(first.get(0).features()).isNotEqualTo(second.get(0).features());
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void devicesAreNumberedFromOne() {
        assertThat(new FleetTelemetry(1).devices(3, 0)).extracting(SimulatedDevice::deviceId)
                .containsExactly("device-0001", "device-0002", "device-0003");
    }

    @Test
    void aDeviceIsTheSameMachineWhateverTheFleetSize() {
        DeviceProfile inSmallFleet = new FleetTelemetry(9).devices(10, 0.4).get(6).profile();
        DeviceProfile inLargeFleet = new FleetTelemetry(9).devices(1000, 0.1).get(6).profile();

        assertThat(inLargeFleet).isEqualTo(inSmallFleet);
    }

    @Test
    void failingShareOfDevicesFailInEqualPartsPerMode() {
        List<SimulatedDevice> devices = new FleetTelemetry(5).devices(30, 0.4);

        Map<FailureMode, Long> modes = devices.stream()
                .collect(Collectors.groupingBy(d -> d.failurePlan().mode(), Collectors.counting()));

        assertThat(modes).containsEntry(FailureMode.NONE, 18L)
                .containsEntry(FailureMode.BEARING_WEAR, 4L)
                .containsEntry(FailureMode.STUCK_SENSOR, 4L)
                .containsEntry(FailureMode.ELECTRICAL_FAULT, 4L);
    }

    @Test
    void failuresStartBetweenTheGivenOnsets() {
        List<SimulatedDevice> devices = new FleetTelemetry(5)
                .devices(60, 1.0, Duration.ofHours(3), Duration.ofHours(5));

        assertThat(devices).allSatisfy(device -> assertThat(device.failurePlan().onsetAfter())
                .isBetween(Duration.ofHours(3), Duration.ofHours(5)));
    }

    @Test
    void valuesStayInPhysicallyPlausibleRanges() {
        List<TelemetrySample> samples = new TrainingData(11).generate(90, 500);

        Map<String, double[]> ranges = Map.of(
                FeatureNames.TEMPERATURE_C, new double[] {-20, 120},
                FeatureNames.VIBRATION_RMS, new double[] {0.1, 25},
                FeatureNames.MOTOR_CURRENT_A, new double[] {1, 100},
                FeatureNames.PRESSURE_KPA, new double[] {100, 1000},
                FeatureNames.HUMIDITY_PCT, new double[] {0, 100},
                FeatureNames.TEMPERATURE_C_STD, new double[] {0, 2},
                FeatureNames.MOTOR_CURRENT_A_STD, new double[] {0, 30},
                FeatureNames.PRESSURE_KPA_STD, new double[] {0, 20});
        assertThat(samples).allSatisfy(sample -> ranges.forEach((feature, range) ->
                assertThat((double) sample.feature(feature)).as("%s of %s at %s", feature, sample.deviceId(),
                        sample.eventTime()).isBetween(range[0], range[1])));
    }

    @Test
    void temperatureFollowsTheDailyCycleOfLocalTime() {
        SimulatedDevice device = new FleetTelemetry(3).devices(1, 0).get(0);
        ZoneOffset local = device.profile().utcOffset();

        List<TelemetrySample> fourDays = DeviceRun.sample(device, Duration.ofMinutes(10), 4 * 144);
        Map<Integer, Double> meanByLocalHour = fourDays.stream().collect(Collectors.groupingBy(
                s -> s.eventTime().atOffset(local).getHour(),
                Collectors.averagingDouble(s -> s.feature(FeatureNames.TEMPERATURE_C))));

        double afternoon = average(meanByLocalHour, 13, 17);
        double night = average(meanByLocalHour, 1, 5);
        assertThat(afternoon - night).as("afternoon minus night, °C").isGreaterThan(4);
    }

    private static double average(Map<Integer, Double> byHour, int fromHour, int toHour) {
        double sum = 0;
        for (int hour = fromHour; hour < toHour; hour++) {
            sum += byHour.get(hour);
        }
        return sum / (toHour - fromHour);
    }

    private static List<TelemetrySample> fleetSamples(long seed) {
        List<TelemetrySample> samples = new ArrayList<>();
        for (SimulatedDevice device : new FleetTelemetry(seed).devices(12, 0.5, Duration.ZERO, Duration.ofHours(1))) {
            samples.addAll(DeviceRun.sample(device, Duration.ofMinutes(1), 90));
        }
        return samples;
    }
}
