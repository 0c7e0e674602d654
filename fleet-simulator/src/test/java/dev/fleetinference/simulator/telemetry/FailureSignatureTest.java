package dev.fleetinference.simulator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Each failure mode shows its physical signature. Most tests compare a failing machine with its healthy twin (same
 * profile, same noise), so any difference is the failure's doing.
 */
class FailureSignatureTest {

    private static final Duration ONSET = Duration.ofHours(10);
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final int TWO_DAYS = 2 * 144;

    @Test
    void aFailureChangesNothingBeforeItsOnset() {
        List<TelemetrySample> healthy = twin(FailurePlan.none());
        List<TelemetrySample> failing = twin(FailurePlan.bearingWear(ONSET, Duration.ofHours(24), Duration.ofHours(4)));

        assertThat(beforeOnset(failing)).extracting(TelemetrySample::features)
                .isEqualTo(beforeOnset(healthy).stream().map(TelemetrySample::features).toList());
    }

    @Test
    void bearingWearRaisesVibrationFirstAndTemperatureOnlyAfterItsLag() {
        Duration lag = Duration.ofHours(4);
        List<TelemetrySample> healthy = twin(FailurePlan.none());
        List<TelemetrySample> failing = twin(FailurePlan.bearingWear(ONSET, Duration.ofHours(24), lag));

        Instant vibrationRises = firstTimeAbove(healthy, failing, FeatureNames.VIBRATION_RMS, 0.5);
        Instant temperatureRises = firstTimeAbove(healthy, failing, FeatureNames.TEMPERATURE_C, 0.5);

        assertThat(vibrationRises).isEqualTo(DeviceRun.START.plus(ONSET));
        assertThat(temperatureRises).isAfterOrEqualTo(DeviceRun.START.plus(ONSET).plus(lag));
        TelemetrySample lastHealthy = healthy.get(healthy.size() - 1);
        TelemetrySample lastFailing = failing.get(failing.size() - 1);
        assertThat(lastFailing.feature(FeatureNames.VIBRATION_RMS)).as("vibration of a failed bearing, mm/s")
                .isGreaterThan(7.1f);
        assertThat(lastFailing.feature(FeatureNames.TEMPERATURE_C) - lastHealthy.feature(FeatureNames.TEMPERATURE_C))
                .as("extra casing temperature, °C").isGreaterThan(10);
    }

    @ParameterizedTest
    @EnumSource(Sensor.class)
    void aStuckSensorRepeatsItsLastValueWhileTheOthersKeepVarying(Sensor sensor) {
        List<TelemetrySample> healthy = twin(FailurePlan.none());
        List<TelemetrySample> failing = twin(FailurePlan.stuckSensor(ONSET, sensor));

        List<TelemetrySample> stuck = afterOnset(failing);
        assertThat(stuck).allSatisfy(sample -> {
            assertThat(sample.feature(sensor.stdFeature())).isZero();
            assertThat(sample.feature(sensor.meanFeature())).isEqualTo(stuck.get(0).feature(sensor.meanFeature()));
        });
        for (Sensor other : Sensor.values()) {
            if (other != sensor) {
                assertThat(afterOnset(failing)).extracting(s -> s.feature(other.stdFeature()))
                        .as(other + " std while " + sensor + " is stuck")
                        .isEqualTo(afterOnset(healthy).stream().map(s -> s.feature(other.stdFeature())).toList())
                        .allSatisfy(std -> assertThat(std).isGreaterThan(0.05f));
            }
        }
    }

    @Test
    void anElectricalFaultRaisesMotorCurrentAndMakesItErratic() {
        List<TelemetrySample> healthy = afterOnset(twin(FailurePlan.none()));
        List<TelemetrySample> failing = afterOnset(twin(FailurePlan.electricalFault(ONSET, Duration.ofHours(8))));

        assertThat(DeviceRun.median(failing, FeatureNames.MOTOR_CURRENT_A))
                .isGreaterThan(1.15 * DeviceRun.median(healthy, FeatureNames.MOTOR_CURRENT_A));
        assertThat(DeviceRun.median(failing, FeatureNames.MOTOR_CURRENT_A_STD))
                .isGreaterThan(3 * DeviceRun.median(healthy, FeatureNames.MOTOR_CURRENT_A_STD));
    }

    @Test
    void acrossAFleetFaultyCurrentVariesFarMoreThanHealthyCurrent() {
        List<TelemetrySample> samples = new TrainingData(21).generate(60, 400);

        double faulty = DeviceRun.median(only(samples, s -> s.failureMode() == FailureMode.ELECTRICAL_FAULT),
                FeatureNames.MOTOR_CURRENT_A_STD);
        double healthy = DeviceRun.median(only(samples, s -> s.failureMode() == FailureMode.NONE),
                FeatureNames.MOTOR_CURRENT_A_STD);

        assertThat(faulty).isGreaterThan(3 * healthy);
    }

    @Test
    void healthyDevicesNeverShowAFrozenSensor() {
        List<TelemetrySample> healthy = only(new TrainingData(21).generate(60, 400), s -> !s.anomalous());

        assertThat(healthy).allSatisfy(sample -> {
            for (Sensor sensor : Sensor.values()) {
                assertThat(sample.feature(sensor.stdFeature())).isGreaterThan(0.05f);
            }
        });
    }

    @Test
    void severityGrowsFromAFaintOnsetToFull() {
        FailurePlan plan = FailurePlan.electricalFault(Duration.ofHours(1), Duration.ofHours(2));

        assertThat(plan.severityAt(3599)).isZero();
        assertThat(plan.severityAt(3600)).isCloseTo(FailurePlan.INITIAL_SEVERITY, within(1e-9));
        assertThat(plan.severityAt(3600 + 3600)).isCloseTo(0.575, within(1e-9));
        assertThat(plan.severityAt(10 * 3600)).isEqualTo(1);
    }

    private static List<TelemetrySample> twin(FailurePlan plan) {
        return DeviceRun.sample(DeviceRun.machine(plan), INTERVAL, TWO_DAYS);
    }

    private static Instant firstTimeAbove(List<TelemetrySample> healthy, List<TelemetrySample> failing,
                                          String feature, double margin) {
        for (int i = 0; i < failing.size(); i++) {
            if (failing.get(i).feature(feature) - healthy.get(i).feature(feature) > margin) {
                return failing.get(i).eventTime();
            }
        }
        throw new AssertionError(feature + " never rose by " + margin + " above the healthy twin's");
    }

    private static List<TelemetrySample> beforeOnset(List<TelemetrySample> samples) {
        return only(samples, s -> s.eventTime().isBefore(DeviceRun.START.plus(ONSET)));
    }

    private static List<TelemetrySample> afterOnset(List<TelemetrySample> samples) {
        return only(samples, s -> !s.eventTime().isBefore(DeviceRun.START.plus(ONSET)));
    }

    private static List<TelemetrySample> only(List<TelemetrySample> samples, Predicate<TelemetrySample> which) {
        return samples.stream().filter(which).toList();
    }
}
