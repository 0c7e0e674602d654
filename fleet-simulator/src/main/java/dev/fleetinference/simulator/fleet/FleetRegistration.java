package dev.fleetinference.simulator.fleet;

import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.devices.registry.DeviceRegistry;
import dev.fleetinference.devices.registry.RegistryConfig;
import dev.fleetinference.devices.signing.SigningKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the simulated fleet's devices in the device registry before the run, in one batch, as an operator would
 * with {@code fleet devices add}: the pipeline scores only registered devices' signed events. Devices registered by
 * an earlier run keep their keys, which the registry's record holds.
 */
final class FleetRegistration {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private FleetRegistration() {
    }

    /** Each device's signing key, by id. */
    static Map<String, SigningKey> register(FleetSimulationConfig config, List<FleetDevice> devices) {
        Map<String, SigningKey> keys = new HashMap<>();
        try (DeviceRegistry registry = new DeviceRegistry(new RegistryConfig(config.bootstrapServers(), config.clientSettings(),
                config.topics().devices(), config.topics().events(), config.topics().predictionsPrefix(),
                PredictionTopicSpec.defaults(), TIMEOUT), Clock.systemUTC())) {
            registry.register(devices.stream().map(FleetDevice::id).toList(), Optional.empty()).forEach(
                    registration -> keys.put(registration.device().id(),
                            registration.device().signingKey().orElseThrow()));
        } catch (RuntimeException e) {
            throw new SimulationException("cannot register the fleet's " + devices.size()
                    + " devices in the device registry '" + config.topics().devices() + "': " + e.getMessage(), e);
        }
        return keys;
    }
}
