package dev.fleetinference.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTest {

    @Test
    void writesMagicByteThenBigEndianSchemaId() {
        assertThat(WireFormat.header(0x01020304)).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 255, 256, 65_537, Integer.MAX_VALUE, -1})
    void readsBackTheSchemaIdItWrote(int id) {
        byte[] payload = new byte[WireFormat.HEADER_LENGTH + 3];
        System.arraycopy(WireFormat.header(id), 0, payload, 0, WireFormat.HEADER_LENGTH);

        assertThat(WireFormat.schemaId("device-events", payload)).isEqualTo(id);
    }

    @Test
    void acceptsAHeaderWithAnEmptyBody() {
        assertThat(WireFormat.schemaId("device-events", WireFormat.header(7))).isEqualTo(7);
    }

    @Test
    void rejectsAnEmptyPayloadNamingTopic() {
        assertThatThrownBy(() -> WireFormat.schemaId("device-events", new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'device-events'")
                .hasMessageContaining("payload is empty");
    }

    @Test
    void rejectsAPayloadShorterThanTheHeaderNamingTopic() {
        assertThatThrownBy(() -> WireFormat.schemaId("device-events", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'device-events'")
                .hasMessageContaining("3 bytes")
                .hasMessageContaining("5-byte header");
    }

    @Test
    void rejectsWrongMagicByteNamingTopic() {
        byte[] json = "{\"deviceId\":\"pump-17\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireFormat.schemaId("device-events", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'device-events'")
                .hasMessageContaining("magic byte 0x7b")
                .hasMessageContaining("expected 0x00");
    }

    @Test
    void reportsTheWrongMagicByteEvenWhenThePayloadIsShort() {
        assertThatThrownBy(() -> WireFormat.schemaId("device-events", new byte[] {(byte) 0xff}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 0xff");
    }
}
