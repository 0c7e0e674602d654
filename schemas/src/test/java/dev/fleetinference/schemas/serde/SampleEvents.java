package dev.fleetinference.schemas.serde;

import dev.fleetinference.schemas.FeatureEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** FeatureEvents for the serde tests. */
final class SampleEvents {

    private SampleEvents() {}

    static FeatureEvent withAttributes() {
        return FeatureEvent.newBuilder()
                .setDeviceId("pump-17.site-a")
                .setEventId(UUID.fromString("3f0c9d1e-8a4b-4c2e-9b7a-1d2e3f405162"))
                .setEventTime(Instant.parse("2025-11-24T18:15:30.123Z"))
                .setFeatures(Map.of("temperature", 71.5f, "vibration_rms", 0.042f, "pressure", -1.0e-3f))
                .setAttributes(Map.of("firmware", "2.4.1", "site", "Zürich Nord"))
                .build();
    }

    static FeatureEvent withoutAttributes() {
        return FeatureEvent.newBuilder(withAttributes())
                .setDeviceId("fan-3")
                .setEventId(UUID.fromString("00000000-0000-4000-8000-000000000001"))
                .setAttributes(null)
                .build();
    }
}
