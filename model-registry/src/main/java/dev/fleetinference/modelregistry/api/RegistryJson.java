package dev.fleetinference.modelregistry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetinference.modelregistry.catalog.ModelSummary;
import dev.fleetinference.schemas.InputSignature;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The JSON form of the registry's answers, and the way back to the Avro records: the one place
 * both the server and {@code ModelRegistryClient} take it from.
 */
public final class RegistryJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RegistryJson() {
    }

    /**
     * {@code {"name", "version", "digest", "sizeBytes", "inputSignature": {"featureNames", "dtype", "shape"},
     * "outputNames", "threshold", "stage", "createdAt" (ISO-8601), "trainingMetrics"}}.
     */
    public static ObjectNode toJson(ModelVersion version) {
        ObjectNode node = NODES.objectNode()
                .put("name", version.getName())
                .put("version", version.getVersion())
                .put("digest", version.getDigest())
                .put("sizeBytes", version.getSizeBytes());
        InputSignature signature = version.getInputSignature();
        ObjectNode signatureNode = node.putObject("inputSignature");
        signature.getFeatureNames().forEach(signatureNode.putArray("featureNames")::add);
        signatureNode.put("dtype", signature.getDtype());
        signature.getShape().forEach(signatureNode.putArray("shape")::add);
        version.getOutputNames().forEach(node.putArray("outputNames")::add);
        if (version.getThreshold() == null) {
            node.putNull("threshold");
        } else {
            node.put("threshold", version.getThreshold());
        }
        node.put("stage", version.getStage().name());
        node.put("createdAt", version.getCreatedAt().toString());
        ObjectNode metrics = node.putObject("trainingMetrics");
        new TreeMap<>(version.getTrainingMetrics()).forEach(metrics::put);
        return node;
    }

    /** The version a {@link #toJson(ModelVersion)} object describes; IllegalArgumentException naming the bad field. */
    public static ModelVersion versionFromJson(JsonNode node) {
        requireObject(node, "a model version");
        JsonNode signature = requireObject(node.get("inputSignature"), "inputSignature");
        JsonNode threshold = node.get("threshold");
        if (threshold != null && !threshold.isNull() && !threshold.isNumber()) {
            throw new IllegalArgumentException("threshold must be a number or null, got " + threshold);
        }
        return ModelVersion.newBuilder()
                .setName(text(node, "name"))
                .setVersion(integer(node, "version"))
                .setDigest(text(node, "digest"))
                .setSizeBytes(number(node, "sizeBytes").asLong())
                .setInputSignature(InputSignature.newBuilder()
                        .setFeatureNames(list(signature, "featureNames", RegistryJson::textItem))
                        .setDtype(text(signature, "dtype"))
                        .setShape(list(signature, "shape", RegistryJson::longItem))
                        .build())
                .setOutputNames(list(node, "outputNames", RegistryJson::textItem))
                .setThreshold(threshold == null || threshold.isNull() ? null : threshold.doubleValue())
                .setStage(stage(text(node, "stage")))
                .setCreatedAt(instant(text(node, "createdAt")))
                .setTrainingMetrics(metrics(node.get("trainingMetrics")))
                .build();
    }

    /** {@code {"name", "latestVersion", "productionVersion" (null when none)}}. */
    public static ObjectNode toJson(ModelSummary summary) {
        ObjectNode node = NODES.objectNode().put("name", summary.name()).put("latestVersion", summary.latestVersion());
        summary.productionVersion().ifPresentOrElse(v -> node.put("productionVersion", v),
                () -> node.putNull("productionVersion"));
        return node;
    }

    public static ModelSummary summaryFromJson(JsonNode node) {
        requireObject(node, "a model summary");
        JsonNode production = node.get("productionVersion");
        OptionalInt productionVersion = production == null || production.isNull()
                ? OptionalInt.empty() : OptionalInt.of(integer(node, "productionVersion"));
        return new ModelSummary(text(node, "name"), integer(node, "latestVersion"), productionVersion);
    }

    /** The body of every error answer: {@code {"error": "<code>", "message": "<for a person>"}}. */
    public static ObjectNode error(String error, String message) {
        return NODES.objectNode().put("error", error).put("message", message);
    }

    private static JsonNode requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, got " + node);
        }
        return node;
    }

    private static JsonNode field(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = field(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string, got " + value);
        }
        return value.textValue();
    }

    private static JsonNode number(JsonNode node, String field) {
        JsonNode value = field(node, field);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer, got " + value);
        }
        return value;
    }

    private static int integer(JsonNode node, String field) {
        JsonNode value = number(node, field);
        if (!value.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' is out of range: " + value);
        }
        return value.intValue();
    }

    private static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> item) {
        JsonNode value = field(node, field);
        if (!value.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' must be an array, got " + value);
        }
        List<T> items = new ArrayList<>();
        value.forEach(element -> items.add(item.apply(element)));
        return items;
    }

    private static String textItem(JsonNode element) {
        if (!element.isTextual()) {
            throw new IllegalArgumentException("expected a string, got " + element);
        }
        return element.textValue();
    }

    private static Long longItem(JsonNode element) {
        if (!element.isIntegralNumber()) {
            throw new IllegalArgumentException("expected an integer, got " + element);
        }
        return element.longValue();
    }

    private static ModelStage stage(String text) {
        try {
            return ModelStage.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stage '" + text + "' is not one of " + List.of(ModelStage.values()));
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("createdAt '" + text + "' is not an ISO-8601 instant");
        }
    }

    private static Map<String, Double> metrics(JsonNode node) {
        Map<String, Double> metrics = new TreeMap<>();
        if (node == null || node.isNull()) {
            return metrics;
        }
        requireObject(node, "trainingMetrics");
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isNumber()) {
                throw new IllegalArgumentException("trainingMetrics." + entry.getKey() + " must be a number, got "
                        + entry.getValue());
            }
            metrics.put(entry.getKey(), entry.getValue().doubleValue());
        }
        return metrics;
    }
}
