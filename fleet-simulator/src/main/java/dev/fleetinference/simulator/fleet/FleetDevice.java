package dev.fleetinference.simulator.fleet;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.simulator.telemetry.FailureMode;
import dev.fleetinference.simulator.telemetry.SimulatedDevice;
import dev.fleetinference.simulator.telemetry.TelemetrySample;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One simulated device as the pipeline sees it: its id, its firmware and site, and its next {@link FeatureEvent}.
 *
 * <p>Time is compressed: each event carries the next one-minute window of the device's machine, whatever the send
 * rate, so a short run covers hours of machine time; the event's time is the time it is sent. Not thread-safe.
 */
final class FleetDevice {

    private static final List<String> FIRMWARE_RELEASES = List.of("2.3.1", "2.4.0", "2.4.2");

    private final SimulatedDevice machine;
    private final Map<String, String> attributes;
    private Instant window;

    /**
     * @param number     the device's number, from 1 (it picks the firmware release)
     * @param firstWindowEnd the end of the machine's first window of readings
     */
    FleetDevice(SimulatedDevice machine, int number, Instant firstWindowEnd) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.window = Objects.requireNonNull(firstWindowEnd, "firstWindowEnd");
        this.attributes = Map.of(
                "firmware", FIRMWARE_RELEASES.get(Math.floorMod(number - 1, FIRMWARE_RELEASES.size())),
                "site", site(machine.profile().utcOffset()));
    }

    String id() {
        return machine.deviceId();
    }

    /** Whether the device's machine is in a failure mode (from its first window on). */
    boolean failing() {
        return machine.failurePlan().mode() != FailureMode.NONE;
    }

    /** The device's next event, sent at {@code sendTime}, with a fresh id. */
    FeatureEvent nextEvent(Instant sendTime) {
        TelemetrySample sample = machine.next(window);
        window = window.plus(SimulatedDevice.WINDOW);
        return FeatureEvent.newBuilder()
                .setDeviceId(id())
                .setEventId(UUID.randomUUID())
                .setEventTime(sendTime)
                .setFeatures(sample.features())
                .setAttributes(attributes)
                .build();
    }

    // sites are named by their time zone, the one thing the telemetry knows about where a machine stands
    private static String site(ZoneOffset offset) {
        return String.format("site-utc%+03d", offset.getTotalSeconds() / 3_600);
    }
}
