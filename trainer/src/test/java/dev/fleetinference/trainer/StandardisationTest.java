package dev.fleetinference.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetinference.simulator.telemetry.FailureMode;
import dev.fleetinference.simulator.telemetry.FeatureNames;
import dev.fleetinference.simulator.telemetry.TelemetrySample;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardisationTest {

    @Test
    void meansAndStandardDeviationsAreThoseOfEachFeature() {
        Examples examples = Examples.of(List.of(sample(1, 10), sample(3, 10), sample(5, 10)));

        Standardisation scaling = Standardisation.fit(examples);

        assertThat(scaling.means()[0]).isCloseTo(3f, within(1e-6f));
        assertThat(scaling.stds()[0]).isCloseTo((float) Math.sqrt(8 / 3.0), within(1e-6f));
    }

    @Test
    void aConstantFeatureIsOnlyCentred() {
        Examples examples = Examples.of(List.of(sample(1, 10), sample(3, 10)));

        Standardisation scaling = Standardisation.fit(examples);

        assertThat(scaling.means()[1]).isEqualTo(10f);
        assertThat(scaling.stds()[1]).isEqualTo(1f);
    }

    private static TelemetrySample sample(float temperature, float everythingElse) {
        Map<String, Float> features = new LinkedHashMap<>();
        FeatureNames.ORDERED.forEach(name -> features.put(name, everythingElse));
        features.put(FeatureNames.TEMPERATURE_C, temperature);
        return new TelemetrySample("device-0001", Instant.EPOCH, features, FailureMode.NONE, false);
    }
}
