package dev.fleetinference.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceSplitTest {

    @Test
    void validationDevicesAreNeverSeenInTraining() {
        DeviceSplit split = DeviceSplit.byDevice(TinyDatasets.fleet(1, 40, 30), 0.25, 1);

        Set<String> trainingDevices = devices(split.training());
        Set<String> validationDevices = devices(split.validation());

        assertThat(trainingDevices).doesNotContainAnyElementsOf(validationDevices);
        assertThat(trainingDevices).hasSize(split.trainingDevices()).hasSize(30);
        assertThat(validationDevices).hasSize(split.validationDevices()).hasSize(10);
        assertThat(split.training().size() + split.validation().size()).isEqualTo(40 * 30);
    }

    @Test
    void bothSidesGetFailingAndHealthyDevices() {
        DeviceSplit split = DeviceSplit.byDevice(TinyDatasets.fleet(2, 8, 40), 0.25, 2);

        for (Examples side : new Examples[] {split.training(), split.validation()}) {
            assertThat(side.positives()).isPositive().isLessThan(side.size());
        }
    }

    @Test
    void theSameSeedHoldsOutTheSameDevices() {
        Examples all = TinyDatasets.fleet(3, 40, 20);

        assertThat(devices(DeviceSplit.byDevice(all, 0.25, 9).validation()))
                .isEqualTo(devices(DeviceSplit.byDevice(all, 0.25, 9).validation()))
                .isNotEqualTo(devices(DeviceSplit.byDevice(all, 0.25, 10).validation()));
    }

    @Test
    void tooFewFailingDevicesAreRefused() {
        Examples healthyOnly = TinyDatasets.fleet(4, 2, 20);

        assertThatThrownBy(() -> DeviceSplit.byDevice(healthyOnly, 0.25, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot split 2 devices");
    }

    private static Set<String> devices(Examples examples) {
        Set<String> devices = new HashSet<>();
        for (int row = 0; row < examples.size(); row++) {
            devices.add(examples.deviceId(row));
        }
        return devices;
    }
}
