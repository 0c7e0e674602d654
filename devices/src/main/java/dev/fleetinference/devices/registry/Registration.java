package dev.fleetinference.devices.registry;

import dev.fleetinference.devices.Device;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What registering (or rotating) a device handed out. The password and the settings are shown once: the registry
 * keeps only the key the pipeline checks signatures with, and the cluster only a salted hash of the password.
 *
 * @param device         the device as registered
 * @param created        false if the device was registered already and nothing new was handed out
 * @param password       the device's SCRAM password, on a secured cluster when something was handed out
 * @param clientSettings the device's Kafka client settings and signing key (as {@code fleet.*} entries); empty if
 *                       nothing was handed out
 */
public record Registration(Device device, boolean created, Optional<String> password,
                           Map<String, String> clientSettings) {

    /** The client settings' key of the deviceId. */
    public static final String DEVICE_ID_KEY = "fleet.device.id";
    /** The client settings' key of the signing key (base64). */
    public static final String SIGNING_KEY_KEY = "fleet.device.signing-key";

    public Registration {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(password, "password");
        clientSettings = Map.copyOf(clientSettings);
    }

    // the generated toString would print the secrets
    @Override
    public String toString() {
        return "Registration[device=" + device.id() + ", created=" + created + "]";
    }
}
