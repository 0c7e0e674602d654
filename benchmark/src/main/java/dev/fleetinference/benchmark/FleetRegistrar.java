package dev.fleetinference.benchmark;

import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.devices.registry.DeviceRegistry;
import dev.fleetinference.devices.registry.Registration;
import dev.fleetinference.devices.registry.RegistryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Registers the run's devices with the device registry, {@code dev-00000} on, and times it: batches through one
 * registry, then a few devices one by one, each with a registry of its own as {@code ./fleet devices add ID} makes.
 */
final class FleetRegistrar implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final RegistryConfig config;
    private final DeviceRegistry registry;
    private final int batch;
    private final List<String> registered = new ArrayList<>();
    private final Map<String, Map<String, String>> handedOut = new HashMap<>();

    FleetRegistrar(String bootstrapServers, Map<String, String> adminSettings, String registryTopic,
                   String eventsTopic, String predictionsPrefix, int batch) {
        this.config = new RegistryConfig(bootstrapServers, adminSettings, registryTopic, eventsTopic,
                predictionsPrefix, PredictionTopicSpec.defaults(), TIMEOUT);
        this.registry = new DeviceRegistry(config, Clock.systemUTC());
        this.batch = batch;
    }

    /** The id of the run's {@code index}-th device. */
    static String deviceId(int index) {
        return String.format(Locale.ROOT, "dev-%05d", index);
    }

    /** Registers devices up to {@code total}: the last {@code singles} one by one, the others in batches. */
    RegistrationTimes registerUpTo(int total, int singles) {
        int from = registered.size();
        int batchedTo = Math.max(from, total - singles);
        List<RegistrationTimes.Batch> batches = new ArrayList<>();
        for (int start = from; start < batchedTo; start += batch) {
            List<String> ids = IntStream.range(start, Math.min(batchedTo, start + batch))
                    .mapToObj(FleetRegistrar::deviceId).toList();
            long began = System.nanoTime();
            List<Registration> done = registry.register(ids, Optional.empty());
            batches.add(new RegistrationTimes.Batch(ids.size(), (System.nanoTime() - began) / 1e6));
            keep(done);
        }
        List<Double> singleMillis = new ArrayList<>();
        for (int index = batchedTo; index < total; index++) {
            long began = System.nanoTime();
            try (DeviceRegistry own = new DeviceRegistry(config, Clock.systemUTC())) {
                keep(List.of(own.register(deviceId(index), Optional.empty())));
            }
            singleMillis.add((System.nanoTime() - began) / 1e6);
        }
        return new RegistrationTimes(from, total, batches, singleMillis);
    }

    /** Every device registered so far, in order. */
    List<String> registered() {
        return List.copyOf(registered);
    }

    /** The client settings the registry handed out to {@code deviceId} at its registration. */
    Map<String, String> settingsOf(String deviceId) {
        Map<String, String> settings = handedOut.get(deviceId);
        if (settings == null) {
            throw new IllegalArgumentException("device '" + deviceId + "' was not registered by this run");
        }
        return settings;
    }

    private void keep(List<Registration> done) {
        for (Registration registration : done) {
            registered.add(registration.device().id());
            handedOut.put(registration.device().id(), registration.clientSettings());
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
