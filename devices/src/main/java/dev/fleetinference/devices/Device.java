package dev.fleetinference.devices;

import dev.fleetinference.devices.signing.SigningKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered device as the device registry's topic holds it.
 *
 * @param id           the deviceId: the key of its events, the suffix of its predictions topic
 * @param cohort       a group the operator chose (a site, a hardware line), if any
 * @param status       whether it may still send and read
 * @param signingKey   the key its events are signed with; empty once revoked
 * @param registeredAt when it was first registered
 * @param updatedAt    when this record was written (registration, rotation, revocation)
 */
public record Device(String id, Optional<String> cohort, DeviceStatus status, Optional<SigningKey> signingKey,
                     Instant registeredAt, Instant updatedAt) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (status == DeviceStatus.ACTIVE && signingKey.isEmpty()) {
            throw new IllegalArgumentException("active device '" + id + "' has no signing key");
        }
    }

    /** A device registered now with a new key. */
    public static Device registered(String id, Optional<String> cohort, Instant now) {
        return new Device(id, cohort, DeviceStatus.ACTIVE, Optional.of(SigningKey.random()), now, now);
    }

    public boolean isActive() {
        return status == DeviceStatus.ACTIVE;
    }

    /** This device with a new signing key. */
    public Device rotated(Instant now) {
        return new Device(id, cohort, DeviceStatus.ACTIVE, Optional.of(SigningKey.random()), registeredAt, now);
    }

    /** This device revoked: its key forgotten, so that nothing signed with it passes again. */
    public Device revoked(Instant now) {
        return new Device(id, cohort, DeviceStatus.REVOKED, Optional.empty(), registeredAt, now);
    }
}
