package dev.fleetinference.devices.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.devices.Device;
import dev.fleetinference.devices.DeviceStatus;
import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.devices.directory.DeviceDirectory;
import dev.fleetinference.devices.directory.DeviceFollower;
import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithStack
@Timeout(90)
class DeviceRegistryTest {

    static TestStack stack;
    static Admin admin;

    @BeforeAll
    static void connect(TestStack testStack) {
        stack = testStack;
        admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    /** A registry of its own per test: its own topic and predictions prefix, so tests do not see each other's. */
    private static DeviceRegistry registry(String name) {
        return new DeviceRegistry(new RegistryConfig(stack.bootstrapServers(), Map.of(), "_devices-" + name,
                "device-events", name + ".", PredictionTopicSpec.defaults(), Duration.ofSeconds(30)),
                Clock.systemUTC());
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registeringADeviceCreatesItsTopicAndKeyOnceAndAgainHandsOutNothing() throws Exception {
        String prefix = unique("reg");
        try (DeviceRegistry registry = registry(prefix)) {
            Registration first = registry.register("pump-1", Optional.of("plant-a"));
            Registration again = registry.register("pump-1", Optional.of("plant-a"));

            assertThat(first.created()).isTrue();
            assertThat(first.clientSettings()).containsKeys(Registration.DEVICE_ID_KEY, Registration.SIGNING_KEY_KEY);
            assertThat(again.created()).isFalse();
            assertThat(again.clientSettings()).isEmpty();
            assertThat(again.device().signingKey()).isEqualTo(first.device().signingKey());
            assertThat(admin.listTopics().names().get()).contains(prefix + ".pump-1");
            assertThat(registry.find("pump-1")).get().satisfies(device -> {
                assertThat(device.cohort()).contains("plant-a");
                assertThat(device.status()).isEqualTo(DeviceStatus.ACTIVE);
            });
            // the embedded default stack has no authorizer: nothing to hand out but the key
            assertThat(registry.secured()).isFalse();
            assertThat(first.password()).isEmpty();
        }
    }

    @Test
    void aDeviceIdThatNamesNoTopicIsRefusedAndNothingOfTheBatchIsRegistered() throws Exception {
        String prefix = unique("bad");
        try (DeviceRegistry registry = registry(prefix)) {
            for (String bad : List.of(".", "..", "...", "has space", "", "x".repeat(250))) {
                assertThatThrownBy(() -> registry.register(List.of("fine-1", bad), Optional.empty()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deviceId");
            }
            assertThat(registry.devices()).isEmpty();
            assertThat(admin.listTopics().names().get()).noneMatch(topic -> topic.startsWith(prefix + "."));
        }
    }

    @Test
    void moreDevicesThanABatchAreRegisteredInSeveralSetsOfRequestsAllOfThem() throws Exception {
        String prefix = unique("batches");
        try (DeviceRegistry registry = new DeviceRegistry(new RegistryConfig(stack.bootstrapServers(), Map.of(),
                "_devices-" + prefix, "device-events", prefix + ".", PredictionTopicSpec.defaults(),
                Duration.ofSeconds(30)), Clock.systemUTC(), 2)) {
            List<Registration> registered = registry.register(List.of("b-1", "b-2", "b-3", "b-4", "b-5"),
                    Optional.empty());

            assertThat(registered).extracting(r -> r.device().id()).containsExactly("b-1", "b-2", "b-3", "b-4", "b-5");
            assertThat(registered).allMatch(Registration::created);
            assertThat(registry.devices()).containsOnlyKeys("b-1", "b-2", "b-3", "b-4", "b-5");
            assertThat(admin.listTopics().names().get()).contains(prefix + ".b-1", prefix + ".b-5");
        }
    }

    @Test
    void rotatingGivesANewKeyAndRevokingForgetsItButKeepsTheTopic() throws Exception {
        String prefix = unique("rot");
        try (DeviceRegistry registry = registry(prefix)) {
            Registration registered = registry.register("fan-7", Optional.empty());
            Registration rotated = registry.rotate("fan-7");
            Device revoked = registry.revoke("fan-7");

            assertThat(rotated.device().signingKey()).isNotEqualTo(registered.device().signingKey());
            assertThat(revoked.status()).isEqualTo(DeviceStatus.REVOKED);
            assertThat(revoked.signingKey()).isEmpty();
            assertThat(registry.find("fan-7")).contains(revoked);
            assertThat(admin.listTopics().names().get()).contains(prefix + ".fan-7");
            assertThatThrownBy(() -> registry.rotate("fan-7")).hasMessageContaining("revoked");
            assertThatThrownBy(() -> registry.revoke("never-seen")).hasMessageContaining("not registered");
            // registered again after revocation: a new key
            Registration back = registry.register("fan-7", Optional.empty());
            assertThat(back.created()).isTrue();
            assertThat(back.device().signingKey()).isNotEqualTo(rotated.device().signingKey());
        }
    }

    @Test
    void reconcilingFindsADeletedTopicAndATopicOfNoDeviceAndRepairsTheFirst() throws Exception {
        String prefix = unique("drift");
        try (DeviceRegistry registry = registry(prefix)) {
            registry.register(List.of("a-1", "a-2"), Optional.empty());
            admin.deleteTopics(List.of(prefix + ".a-2")).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get()
                    .contains(prefix + ".a-2"));
            admin.createTopics(List.of(PredictionTopicSpec.defaults().newTopic(prefix + ".stray"))).all().get();

            Drift found = registry.reconcile(true);

            assertThat(found.findings()).anyMatch(line -> line.contains("'a-2' has no topic"))
                    .anyMatch(line -> line.contains(prefix + ".stray belongs to no registered device"));
            assertThat(found.repaired()).isEqualTo(1);
            assertThat(admin.listTopics().names().get()).contains(prefix + ".a-2", prefix + ".stray");
            assertThat(registry.reconcile(false).findings()).noneMatch(line -> line.contains("a-2"));
        }
    }

    @Test
    void aFollowingDirectoryAdmitsADeviceRegisteredJustBeforeItsEvent() throws Exception {
        String prefix = unique("dir");
        try (DeviceRegistry registry = registry(prefix)) {
            DeviceDirectory directory = new DeviceDirectory(Clock.systemUTC(), Duration.ofSeconds(5));
            try (DeviceFollower follower = DeviceFollower.start(stack.bootstrapServers(), "_devices-" + prefix,
                    Map.of(), directory, Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(30)).until(directory::isReady);
                for (int i = 0; i < 20; i++) {
                    String id = "late-" + i;
                    registry.register(id, Optional.empty());
                    long eventWrittenAt = System.currentTimeMillis();
                    // asked at once, as the pipeline would on the device's first event: never refused for a lag
                    assertThat(directory.lookUp(id, eventWrittenAt, Device::isActive)).as(id).isPresent();
                }
                registry.revoke("late-0");
                // a view as new as the revocation no longer admits the device: within a fetch of the registry
                await().atMost(Duration.ofSeconds(5)).until(() -> directory.find("late-0")
                        .filter(Device::isActive).isEmpty());
                assertThat(directory.lookUp("never-registered", System.currentTimeMillis(), Device::isActive))
                        .isEmpty();
            }
        }
    }
}
