package dev.fleetinference.streamapp.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.devices.Device;
import dev.fleetinference.devices.directory.DeviceDirectory;
import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.devices.signing.SigningKey;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.EventValidator;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Admission's decisions, device by device: which event passes for which device, and why the others do not. */
class DeviceAdmissionTest {

    private final DeviceDirectory directory = new DeviceDirectory(Clock.systemUTC(), Duration.ZERO);
    private final DeviceAdmission admission = new DeviceAdmission(new EventValidator(new DeviceTopics("p.")),
            directory);

    DeviceAdmissionTest() {
        directory.currentAsOf(Long.MAX_VALUE);
    }

    @Test
    void eachOfAHundredDevicesPassesForItselfOnlyAndNeverForAnyOfTheOtherNinetyNine() {
        List<Device> fleet = IntStream.range(0, 100).mapToObj(i -> Device.registered(String.format("d-%03d", i),
                Optional.empty(), Instant.now())).toList();
        fleet.forEach(directory::accept);
        int accepted = 0;
        int impersonationsRefused = 0;
        for (Device signer : fleet) {
            SigningKey key = signer.signingKey().orElseThrow();
            for (Device claimed : fleet) {
                ReceivedEvent event = signed(claimed.id(), key);
                if (claimed == signer) {
                    assertThat(admission.admitted(claimed.id(), event, System.currentTimeMillis()).getDeviceId())
                            .isEqualTo(signer.id());
                    accepted++;
                } else {
                    assertThatThrownBy(() -> admission.admitted(claimed.id(), event, System.currentTimeMillis()))
                            .isInstanceOfSatisfying(InvalidEventException.class, refused ->
                                    assertThat(refused.reason()).isEqualTo(DeadLetterReason.UNAUTHENTICATED));
                    impersonationsRefused++;
                }
            }
        }
        assertThat(accepted).isEqualTo(100);
        assertThat(impersonationsRefused).isEqualTo(100 * 99);
    }

    @Test
    void unsignedUnknownAndRevokedDevicesEachHaveTheirOwnReason() {
        Device active = Device.registered("known", Optional.empty(), Instant.now());
        Device revoked = Device.registered("gone", Optional.empty(), Instant.now());
        directory.accept(active);
        directory.accept(revoked.revoked(Instant.now()));

        assertThat(reason(() -> admission.admitted("known", unsigned("known"), 0)))
                .isEqualTo(DeadLetterReason.UNAUTHENTICATED);
        assertThat(reason(() -> admission.admitted("stranger", signed("stranger", SigningKey.random()), 0)))
                .isEqualTo(DeadLetterReason.UNKNOWN_DEVICE);
        assertThat(reason(() -> admission.admitted("gone", signed("gone", revoked.signingKey().orElseThrow()), 0)))
                .isEqualTo(DeadLetterReason.REVOKED_DEVICE);
        // the routing checks come first: an id no device can have keeps its own reason
        assertThat(reason(() -> admission.admitted("..", signed("..", SigningKey.random()), 0)))
                .isEqualTo(DeadLetterReason.ILLEGAL_DEVICE_ID);
    }

    private static DeadLetterReason reason(Runnable admit) {
        try {
            admit.run();
        } catch (InvalidEventException refused) {
            return refused.reason();
        }
        throw new AssertionError("admitted");
    }

    private static ReceivedEvent signed(String deviceId, SigningKey key) {
        ReceivedEvent event = unsigned(deviceId);
        return new ReceivedEvent(event.event(), event.value(), EventSignature.sign(key, event.value()));
    }

    // the bytes stand for the record's value: what matters is that the signature is over them and names the device
    private static ReceivedEvent unsigned(String deviceId) {
        FeatureEvent event = FeatureEvent.newBuilder().setDeviceId(deviceId).setEventId(UUID.randomUUID())
                .setEventTime(Instant.now()).setFeatures(Map.of("temperature_c", 1f)).build();
        byte[] value = ByteBuffer.allocate(64).put(deviceId.getBytes(StandardCharsets.UTF_8))
                .put(event.getEventId().toString().getBytes(StandardCharsets.UTF_8), 0, 20).array();
        return new ReceivedEvent(event, value, null);
    }
}
