package dev.fleetinference.streamapp.admission;

import dev.fleetinference.devices.Device;
import dev.fleetinference.devices.DeviceStatus;
import dev.fleetinference.devices.directory.DeviceDirectory;
import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.EventValidator;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.util.Objects;
import java.util.Optional;

/**
 * Admits an event if it can be routed ({@link EventValidator}) and comes from its device: a device the registry
 * holds as active, whose key made the event's signature. Everything else is refused as an {@link
 * InvalidEventException} with its reason: {@code unknown-device}, {@code revoked-device}, {@code unauthenticated}.
 *
 * <p>Routing comes first, so that an id no device can have keeps its own reason; and since no topic is created
 * before this step has admitted the event, no event of an unregistered device makes a topic.
 */
public final class DeviceAdmission {

    private final EventValidator validator;
    private final DeviceDirectory devices;

    public DeviceAdmission(EventValidator validator, DeviceDirectory devices) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.devices = Objects.requireNonNull(devices, "devices");
    }

    /** The event, if admitted; {@code writtenAt} is the record's timestamp, how new a view must be to refuse it. */
    public FeatureEvent admitted(String key, ReceivedEvent received, long writtenAt) {
        FeatureEvent event = validator.validated(key, received == null ? null : received.event());
        String deviceId = event.getDeviceId();
        Optional<Device> signer;
        try {
            signer = devices.lookUp(deviceId, writtenAt, device -> device.isActive()
                    && EventSignature.verify(device.signingKey().orElseThrow(), received.value(), received.signature()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up device '" + deviceId + "'", e);
        }
        if (signer.isPresent()) {
            return event;
        }
        String about = "event " + event.getEventId() + " of device '" + deviceId + "'";
        Optional<Device> known = devices.find(deviceId);
        if (known.isEmpty()) {
            throw new InvalidEventException(DeadLetterReason.UNKNOWN_DEVICE, about
                    + ": no such device in the device registry (register it with `fleet devices add`)");
        }
        if (known.get().status() == DeviceStatus.REVOKED) {
            throw new InvalidEventException(DeadLetterReason.REVOKED_DEVICE, about + ": the device was revoked at "
                    + known.get().updatedAt());
        }
        throw new InvalidEventException(DeadLetterReason.UNAUTHENTICATED, about + (received.signature() == null
                ? ": the record has no " + EventSignature.HEADER + " header"
                : ": its " + EventSignature.HEADER + " header was not made with the device's key"));
    }
}
