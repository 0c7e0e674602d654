package dev.fleetinference.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaIdHeaderTest {

    private static final String TOPIC = "device-events";
    private static final UUID GUID = UUID.fromString("4bd2bf79-95af-aace-ebad-18dfd323a304");
    /** 0x01 then the GUID's 16 bytes, most significant first: Confluent 8.0's SchemaId.guidToBytes for Avro. */
    private static final byte[] GUID_HEADER = HexFormat.of().parseHex("014bd2bf7995afaaceebad18dfd323a304");

    @Test
    void readsTheGuidConfluentsHeaderSchemaIdSerializerWrites() {
        Headers headers = new RecordHeaders().add("__value_schema_id", GUID_HEADER);

        assertThat(SchemaIdHeader.read(TOPIC, headers, false)).contains(new SchemaRef.Guid(GUID));
    }

    @Test
    void readsAVersionZeroHeaderAsASchemaId() {
        Headers headers = new RecordHeaders().add("__value_schema_id", new byte[] {0, 0, 0, 1, 2});

        assertThat(SchemaIdHeader.read(TOPIC, headers, false)).contains(new SchemaRef.Id(258));
    }

    @Test
    void aKeysHeaderIsNotAValuesAndTheLastHeaderCounts() {
        Headers headers = new RecordHeaders().add("__key_schema_id", new byte[] {0, 0, 0, 0, 9})
                .add("__value_schema_id", new byte[] {0, 0, 0, 0, 1})
                .add("__value_schema_id", GUID_HEADER);

        assertThat(SchemaIdHeader.read(TOPIC, headers, true)).contains(new SchemaRef.Id(9));
        assertThat(SchemaIdHeader.read(TOPIC, headers, false)).contains(new SchemaRef.Guid(GUID));
    }

    @Test
    void noHeaderOrANullOneMeansThePrefixCarriesTheId() {
        assertThat(SchemaIdHeader.read(TOPIC, new RecordHeaders(), false)).isEmpty();
        assertThat(SchemaIdHeader.read(TOPIC, null, false)).isEmpty();
        assertThat(SchemaIdHeader.read(TOPIC, new RecordHeaders().add("__value_schema_id", null), false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02000000000000000000000000000000ff", "014bd2bf79", "00000001", "0000000001ff"})
    void refusesAHeaderInNeitherOfConfluentsFormsNamingTopicAndHeader(String hex) {
        Headers headers = new RecordHeaders().add("__value_schema_id", HexFormat.of().parseHex(hex));

        assertThatThrownBy(() -> SchemaIdHeader.read(TOPIC, headers, false))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'device-events'")
                .hasMessageContaining("'__value_schema_id'")
                .hasMessageContaining(hex.isEmpty() ? "is empty" : "has " + hex.length() / 2 + " bytes");
    }
}
