package dev.fleetinference.simulator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureContractTest {

    @Test
    void contractListsTheEightFeaturesInModelInputOrder() {
        assertThat(FeatureNames.ORDERED).containsExactly(
                "temperature_c", "vibration_rms", "motor_current_a", "pressure_kpa", "humidity_pct",
                "temperature_c_std", "motor_current_a_std", "pressure_kpa_std");
    }

    @Test
    void everySampleCarriesExactlyTheContractFeaturesInOrder() {
        TelemetrySample sample = new FleetTelemetry(1).devices(1, 0).get(0).next(DeviceRun.START);

        assertThat(sample.features().keySet()).containsExactlyElementsOf(FeatureNames.ORDERED);
        float[] vector = sample.featureVector();
        for (int i = 0; i < vector.length; i++) {
            assertThat(vector[i]).isEqualTo(sample.feature(FeatureNames.ORDERED.get(i)));
        }
    }

    @Test
    void sampleKeepsContractOrderWhateverOrderItWasGiven() {
        Map<String, Float> reversed = new LinkedHashMap<>();
        for (int i = FeatureNames.ORDERED.size() - 1; i >= 0; i--) {
            reversed.put(FeatureNames.ORDERED.get(i), (float) i);
        }

        TelemetrySample sample = new TelemetrySample("device-0001", Instant.EPOCH, reversed, FailureMode.NONE, false);

        assertThat(sample.features().keySet()).containsExactlyElementsOf(FeatureNames.ORDERED);
        assertThat(sample.featureVector()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void sampleWithAMissingFeatureIsRejectedNamingIt() {
        Map<String, Float> features = new LinkedHashMap<>();
        FeatureNames.ORDERED.forEach(name -> features.put(name, 1f));
        features.remove(FeatureNames.PRESSURE_KPA_STD);

        assertThatThrownBy(() -> new TelemetrySample("device-0003", Instant.EPOCH, features, FailureMode.NONE, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("device-0003")
                .hasMessageContaining("pressure_kpa_std");
    }

    @Test
    void sampleFeaturesCannotBeChanged() {
        TelemetrySample sample = new FleetTelemetry(1).devices(1, 0).get(0).next(DeviceRun.START);

        assertThatThrownBy(() -> sample.features().put(FeatureNames.TEMPERATURE_C, 0f))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void labelFollowsTheFailurePlan() {
        SimulatedDevice device = DeviceRun.machine(
                FailurePlan.electricalFault(Duration.ofHours(1), Duration.ofHours(4)));

        var samples = DeviceRun.sample(device, Duration.ofMinutes(30), 4);

        assertThat(samples).extracting(TelemetrySample::anomalous).containsExactly(false, false, true, true);
        assertThat(samples).extracting(TelemetrySample::failureMode).containsExactly(
                FailureMode.NONE, FailureMode.NONE, FailureMode.ELECTRICAL_FAULT, FailureMode.ELECTRICAL_FAULT);
    }

    @Test
    void deviceRefusesToGoBackInTime() {
        SimulatedDevice device = new FleetTelemetry(1).devices(1, 0).get(0);
        device.next(DeviceRun.START);

        assertThatThrownBy(() -> device.next(DeviceRun.START.minusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("device-0001")
                .hasMessageContaining("before the previous sample");
    }
}
