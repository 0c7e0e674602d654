package dev.fleetinference.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful registry answer whose fields are read strictly, so a malformed body fails with a clear message. */
record RegistryResponse(String request, int httpStatus, JsonNode body) {

    int intField(String name) {
        JsonNode value = body.get(name);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw malformed("an integer '" + name + "'");
        }
        return value.intValue();
    }

    String textField(String name) {
        JsonNode value = body.get(name);
        if (value == null || !value.isTextual()) {
            throw malformed("a string '" + name + "'");
        }
        return value.textValue();
    }

    boolean booleanField(String name) {
        JsonNode value = body.get(name);
        if (value == null || !value.isBoolean()) {
            throw malformed("a boolean '" + name + "'");
        }
        return value.booleanValue();
    }

    boolean has(String name) {
        return body.hasNonNull(name);
    }

    SchemaRegistryException malformed(String expected) {
        return new SchemaRegistryException(
                "Schema Registry " + request + " returned HTTP " + httpStatus + " without " + expected + ": "
                        + RegistryTransport.abbreviate(body.toString()),
                httpStatus,
                SchemaRegistryException.NO_ERROR_CODE);
    }
}
