package dev.fleetinference.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.simulator.telemetry.FeatureNames;
import dev.fleetinference.simulator.telemetry.FleetTelemetry;
import dev.fleetinference.simulator.telemetry.SimulatedDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetDeviceTest {

    private static final Instant FIRST_WINDOW = Instant.parse("2025-06-01T08:00:00Z");

    @Test
    void eachEventCarriesTheNextMinuteOfTheMachineAndTheTimeItIsSent() {
        FleetDevice device = new FleetDevice(machines().get(2), 3, FIRST_WINDOW);
        SimulatedDevice twin = machines().get(2);
        Instant sentAt = Instant.parse("2025-11-24T19:00:00.123Z");

        FeatureEvent first = device.nextEvent(sentAt);
        FeatureEvent second = device.nextEvent(sentAt.plusMillis(40));

        assertThat(first.getDeviceId()).isEqualTo("device-0003");
        assertThat(first.getEventTime()).isEqualTo(sentAt);
        assertThat(second.getEventTime()).isEqualTo(sentAt.plusMillis(40));
        assertThat(first.getFeatures()).isEqualTo(twin.next(FIRST_WINDOW).features());
        assertThat(second.getFeatures()).isEqualTo(twin.next(FIRST_WINDOW.plus(Duration.ofMinutes(1))).features());
        assertThat(first.getFeatures()).containsOnlyKeys(FeatureNames.ORDERED);
        assertThat(first.getEventId()).isNotEqualTo(second.getEventId());
    }

    @Test
    void attributesNameTheFirmwareAndTheSite() {
        FleetDevice device = new FleetDevice(machines().get(0), 1, FIRST_WINDOW);

        FeatureEvent event = device.nextEvent(FIRST_WINDOW);

        assertThat(event.getAttributes()).containsOnlyKeys("firmware", "site");
        assertThat(event.getAttributes().get("firmware")).isEqualTo("2.3.1");
        assertThat(event.getAttributes().get("site")).matches("site-utc[+-]\\d\\d");
    }

    @Test
    void aDeviceIsFailingWhenItsMachineHasAFailureMode() {
        List<SimulatedDevice> machines = new FleetTelemetry(42).devices(10, 0.3, Duration.ZERO, Duration.ZERO);

        long failing = machines.stream().map(m -> new FleetDevice(m, 1, FIRST_WINDOW))
                .filter(FleetDevice::failing).count();

        assertThat(failing).isEqualTo(3);
    }

    private static List<SimulatedDevice> machines() {
        return new FleetTelemetry(42).devices(5, 0.4, Duration.ZERO, Duration.ZERO);
    }
}
