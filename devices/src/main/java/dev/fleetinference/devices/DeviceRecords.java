package dev.fleetinference.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetinference.devices.signing.SigningKey;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Devices as the registry's topic holds them: one JSON object per record, keyed by deviceId. JSON, not Avro, because
 * the topic is the registry's own and is read on the pipeline's admission path, which must not wait on the schema
 * registry; an operator reads it with any console consumer.
 */
public final class DeviceRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceRecords() {
    }

    public static byte[] encode(Device device) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", device.id())
                .put("status", device.status().name())
                .put("registeredAt", device.registeredAt().toString())
                .put("updatedAt", device.updatedAt().toString());
        device.cohort().ifPresent(cohort -> node.put("cohort", cohort));
        device.signingKey().ifPresent(key -> node.put("signingKey", key.base64()));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write device " + device.id(), e);
        }
    }

    /** The device {@link #encode} wrote; an {@link IllegalArgumentException} saying what is wrong otherwise. */
    public static Device decode(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return new Device(text(node, "id"), optional(node, "cohort"), DeviceStatus.valueOf(text(node, "status")),
                    optional(node, "signingKey").map(SigningKey::fromBase64), Instant.parse(text(node, "registeredAt")),
                    Instant.parse(text(node, "updatedAt")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a device record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return value.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
