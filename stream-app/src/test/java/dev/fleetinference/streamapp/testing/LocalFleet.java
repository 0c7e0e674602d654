package dev.fleetinference.streamapp.testing;

import dev.fleetinference.devices.Device;
import dev.fleetinference.devices.directory.DeviceDirectory;
import dev.fleetinference.devices.signing.SigningKey;
import dev.fleetinference.devices.signing.SigningSerializer;
import dev.fleetinference.schemas.FeatureEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A fleet for topology tests, which have no broker to hold a device registry: the pipeline's own directory, filled
 * with each device on its first event, and current for good (nothing is on its way).
 */
public final class LocalFleet {

    private final DeviceDirectory directory = new DeviceDirectory(Clock.systemUTC(), Duration.ZERO);

    public LocalFleet() {
        directory.currentAsOf(Long.MAX_VALUE);
    }

    /** The directory the pipeline's admission step asks. */
    public DeviceDirectory directory() {
        return directory;
    }

    /** The device's key, registering the device if it is new. */
    public SigningKey keyOf(String deviceId) {
        return directory.find(deviceId).filter(Device::isActive)
                .orElseGet(() -> {
                    Device device = Device.registered(deviceId, Optional.empty(), Instant.now());
                    directory.accept(device);
                    return device;
                }).signingKey().orElseThrow();
    }

    /** Revokes a device. */
    public void revoke(String deviceId) {
        directory.find(deviceId).ifPresent(device -> directory.accept(device.revoked(Instant.now())));
    }

    /**
     * A serializer of event bytes that signs those that decode (with {@code events}) with their device's key, and
     * leaves the others (the tests' garbage) unsigned.
     */
    public SigningSerializer<byte[]> signing(Deserializer<FeatureEvent> events) {
        return new SigningSerializer<>(new ByteArraySerializer(), bytes -> {
            try {
                FeatureEvent event = events.deserialize("any", bytes);
                return event == null ? "" : event.getDeviceId();
            } catch (RuntimeException undecodable) {
                return "";
            }
        }, id -> id.isEmpty() ? Optional.empty() : Optional.of(keyOf(id)));
    }
}
