package dev.fleetinference.simulator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TrainingDataTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 7})
    void roughlyAFifthOfTheSamplesAreAnomalous(long seed) {
        List<TelemetrySample> samples = new TrainingData(seed).generate(100, 300);

        double anomalousShare = samples.stream().filter(TelemetrySample::anomalous).count() / (double) samples.size();

        assertThat(anomalousShare).isBetween(0.15, 0.30);
    }

    @Test
    void samplesComeDeviceByDeviceInTimeOrder() {
        List<TelemetrySample> samples = new TrainingData(3).generate(4, 10);

        assertThat(samples).hasSize(40);
        assertThat(samples.subList(10, 20)).extracting(TelemetrySample::deviceId).containsOnly("device-0002");
        assertThat(samples.subList(10, 20)).extracting(TelemetrySample::eventTime)
                .isSorted()
                .startsWith(TrainingData.START, TrainingData.START.plus(TrainingData.SAMPLE_INTERVAL));
    }

    @Test
    void sameSeedGivesTheSameDataset() {
        assertThat(new TrainingData(5).generate(20, 50)).isEqualTo(new TrainingData(5).generate(20, 50));
    }

    @Test
    void anEmptyDatasetIsRefused() {
        assertThatThrownBy(() -> new TrainingData(5).generate(0, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 devices");
    }
}
