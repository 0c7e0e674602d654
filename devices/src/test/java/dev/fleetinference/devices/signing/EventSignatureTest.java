package dev.fleetinference.devices.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EventSignatureTest {

    private final byte[] value = "event of device-1".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureVerifiesOnlyWithItsKeyAndItsBytes() {
        SigningKey key = SigningKey.random();
        byte[] signature = EventSignature.sign(key, value);

        assertThat(signature).hasSize(32);
        assertThat(EventSignature.verify(key, value, signature)).isTrue();
        assertThat(EventSignature.verify(SigningKey.random(), value, signature)).isFalse();
        byte[] altered = value.clone();
        altered[0] ^= 1;
        assertThat(EventSignature.verify(key, altered, signature)).isFalse();
        assertThat(EventSignature.verify(key, value, null)).isFalse();
    }

    @Test
    void aKeySurvivesItsBase64AndNeverShowsInAString() {
        SigningKey key = SigningKey.random();

        assertThat(SigningKey.fromBase64(key.base64())).isEqualTo(key);
        assertThat(key.toString()).doesNotContain(key.base64());
        assertThatThrownBy(() -> SigningKey.fromBase64("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }

    @Test
    void theSerializerSignsTheBytesItWroteInAHeaderAndLeavesKeylessDevicesUnsigned() {
        SigningKey key = SigningKey.random();
        SigningSerializer<String> serializer = new SigningSerializer<>(new StringSerializer(),
                text -> text.split(":")[0], device -> device.equals("known") ? Optional.of(key) : Optional.empty());
        RecordHeaders signed = new RecordHeaders();
        RecordHeaders unsigned = new RecordHeaders();

        byte[] bytes = serializer.serialize("t", signed, "known:42");
        serializer.serialize("t", unsigned, "stranger:42");

        assertThat(EventSignature.verify(key, bytes, signed.lastHeader(EventSignature.HEADER).value())).isTrue();
        assertThat(unsigned.lastHeader(EventSignature.HEADER)).isNull();
    }
}
