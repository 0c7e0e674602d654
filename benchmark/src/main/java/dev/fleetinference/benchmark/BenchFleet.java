package dev.fleetinference.benchmark;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.simulator.telemetry.FleetTelemetry;
import dev.fleetinference.simulator.telemetry.SimulatedDevice;
import dev.fleetinference.simulator.telemetry.TelemetrySample;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark's devices: the simulated fleet's machines (a fifth failing from their first window), taking turns,
 * each event the next one-minute window of its machine, keyed by its device id as a real device's. Not thread-safe.
 */
final class BenchFleet {

    static final long SEED = 42;
    private static final double FAILING_SHARE = 0.2;
    private static final List<String> FIRMWARE = List.of("2.3.1", "2.4.0", "2.4.2");

    private final List<SimulatedDevice> machines;
    private final List<Map<String, String>> attributes = new ArrayList<>();
    private Instant window = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private int next;

    BenchFleet(int devices) {
        machines = new FleetTelemetry(SEED).devices(devices, FAILING_SHARE, Duration.ZERO, Duration.ZERO);
        for (int i = 0; i < machines.size(); i++) {
            ZoneOffset offset = machines.get(i).profile().utcOffset();
            attributes.add(Map.of("firmware", FIRMWARE.get(i % FIRMWARE.size()),
                    "site", String.format("site-utc%+03d", offset.getTotalSeconds() / 3_600)));
        }
    }

    /** The device ids, {@code device-0001} on. */
    List<String> deviceIds() {
        return machines.stream().map(SimulatedDevice::deviceId).toList();
    }

    /** The next device's next event, with a fresh id and {@code eventTime}. */
    FeatureEvent next(Instant eventTime) {
        SimulatedDevice machine = machines.get(next);
        TelemetrySample sample = machine.next(window);
        FeatureEvent event = FeatureEvent.newBuilder()
                .setDeviceId(machine.deviceId())
                .setEventId(UUID.randomUUID())
                .setEventTime(eventTime)
                .setFeatures(sample.features())
                .setAttributes(attributes.get(next))
                .build();
        next++;
        if (next == machines.size()) {
            next = 0;
            window = window.plus(SimulatedDevice.WINDOW);
        }
        return event;
    }
}
