package dev.fleetinference.modelregistry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.registry.SchemaRegistryException;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.WireFormat;
import java.io.IOException;
import java.net.ServerSocket;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Which decoding failures a reader may skip (the record is bad) and which it must not (the registry is). */
class CatalogReaderTest {

    @Test
    void aSchemaRegistryThatCannotBeReachedIsNotTheRecordsFault() throws IOException {
        AvroDeserializer<ModelVersion> values = AvroDeserializer.forSpecific(unreachableRegistry(), ModelVersion.class,
                AvroSerdeConfig.forValues());

        RuntimeException failure = catchRuntimeException(() -> values.deserialize("_model-registry", WireFormat.header(1)));

        assertThat(CatalogReader.isRegistryFailure(failure)).as("unreachable: %s", failure).isTrue();
    }

    @Test
    void aRegistryAnsweringWithAnErrorIsNotTheRecordsFault() {
        assertThat(CatalogReader.isRegistryFailure(decodingFailure(503))).as("503").isTrue();
        assertThat(CatalogReader.isRegistryFailure(decodingFailure(500))).as("500").isTrue();
        assertThat(CatalogReader.isRegistryFailure(decodingFailure(401))).as("401").isTrue();
    }

    @Test
    void bytesThatDoNotDecodeOrASchemaTheRegistryDoesNotHaveAreTheRecordsFault() throws IOException {
        AvroDeserializer<ModelVersion> values = AvroDeserializer.forSpecific(unreachableRegistry(), ModelVersion.class,
                AvroSerdeConfig.forValues());

        RuntimeException notWireFormat = catchRuntimeException(
                () -> values.deserialize("_model-registry", new byte[] {9, 9, 9}));

        assertThat(CatalogReader.isRegistryFailure(notWireFormat)).as("%s", notWireFormat).isFalse();
        assertThat(CatalogReader.isRegistryFailure(decodingFailure(404))).as("404").isFalse();
        assertThat(CatalogReader.isRegistryFailure(decodingFailure(200))).as("an unusable schema").isFalse();
    }

    // as AvroDeserializer reports a failed schema lookup
    private static SerializationException decodingFailure(int httpStatus) {
        return new SerializationException("Cannot deserialize Avro value from topic '_model-registry'",
                new SchemaRegistryException("HTTP " + httpStatus, httpStatus, SchemaRegistryException.NO_ERROR_CODE));
    }

    private static SchemaRegistryClient unreachableRegistry() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return new SchemaRegistryClient(SchemaRegistryClientConfig.of("http://127.0.0.1:" + closedPort)
                .withMaxAttempts(1));
    }
}
