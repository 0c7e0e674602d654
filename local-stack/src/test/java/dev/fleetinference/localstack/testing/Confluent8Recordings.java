package dev.fleetinference.localstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What Confluent Schema Registry 8 answers and writes, kept as test resources under {@code confluent8/}: the answers
 * our registry is checked against field by field, and a record in its header mode. Each file's {@code source} says
 * where it comes from, and whether it is recorded or, where no recording was found, derived from Confluent's source.
 */
public final class Confluent8Recordings {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call: its {@code source}, what was asked (method, path, body) and the answer's body. */
    public record Exchange(String source, JsonNode request, JsonNode answer) {

        /** The schema the call registered, or the one its answer holds. */
        public String schema() {
            JsonNode asked = request.path("body").path("schema");
            return asked.isTextual() ? asked.asText() : answer.get("schema").asText();
        }
    }

    /**
     * A FeatureEvent as Confluent 8's {@code HeaderSchemaIdSerializer} writes it: the writer schema's GUID in the
     * {@code headerKey} header, the value bare Avro.
     */
    @SuppressWarnings("java:S6218") // arrays compared by identity: a fixture is never compared or hashed
    public record HeaderModeRecord(String topic, String writerSchema, UUID guid, String headerKey, byte[] headerValue,
                                   byte[] value, String deviceId, UUID eventId) {

        /** Fresh headers holding the schema id header alone. */
        public Headers headers() {
            return new RecordHeaders().add(headerKey, headerValue.clone());
        }
    }

    private Confluent8Recordings() {}

    /** {@code confluent8/<name>.json}, e.g. "register-answer". */
    public static Exchange exchange(String name) {
        JsonNode file = read(name);
        return new Exchange(file.get("source").asText(), file.get("request"), file.get("answer"));
    }

    /** {@code confluent8/header-mode-record.json}. */
    public static HeaderModeRecord headerModeRecord() {
        JsonNode file = read("header-mode-record");
        HexFormat hex = HexFormat.of();
        JsonNode event = file.get("event");
        return new HeaderModeRecord(file.get("topic").asText(), file.get("writerSchema").asText(),
                UUID.fromString(file.get("guid").asText()), file.get("header").get("key").asText(),
                hex.parseHex(file.get("header").get("valueHex").asText()), hex.parseHex(file.get("valueHex").asText()),
                event.get("deviceId").asText(), UUID.fromString(event.get("eventId").asText()));
    }

    private static JsonNode read(String name) {
        String resource = "/confluent8/" + name + ".json";
        try (InputStream in = Confluent8Recordings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
