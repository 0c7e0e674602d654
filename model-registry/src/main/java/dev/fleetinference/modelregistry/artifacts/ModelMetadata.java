package dev.fleetinference.modelregistry.artifacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The content of {@code fleet-model.json}, the file beside {@code saved_model.pb} that tells the
 * registry and the scorer how to feed the model and read its answer. Valid by construction.
 *
 * @param format       version of this file's layout; only {@value #FORMAT} exists
 * @param signatureKey the SavedModel signature to call, e.g. {@code serving_default}
 * @param inputName    the signature's input tensor name
 * @param featureNames feature names in the order of the input vector; non-empty, no duplicates
 * @param dtype        element type of the input tensor; only {@value #DTYPE} is accepted
 * @param inputShape   {@code [-1, featureNames.size()]}: a batch of feature vectors
 * @param outputNames  the signature's outputs; the first is the primary score
 * @param threshold    score at or above which an event is an anomaly, in [0, 1]; empty if the model has none
 * @param metrics      held-out metrics from training, by name (sorted, so the file is written the same way each time)
 * @param trainingSeed the random seed training used, if recorded
 * @param epochs       training epochs, if recorded
 * @param hiddenUnits  width of the hidden layer, if recorded
 */
public record ModelMetadata(
        int format,
        String signatureKey,
        String inputName,
        List<String> featureNames,
        String dtype,
        List<Long> inputShape,
        List<String> outputNames,
        Optional<Double> threshold,
        Map<String, Double> metrics,
        OptionalLong trainingSeed,
        OptionalInt epochs,
        OptionalInt hiddenUnits) {

    /** The file's name, at the root of the SavedModel directory and of the zip. */
    public static final String FILE_NAME = "fleet-model.json";
    public static final int FORMAT = 1;
    public static final String DTYPE = "float32";
    /** A metadata file larger than this is not a metadata file. */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelMetadata {
        if (format != FORMAT) {
            throw new IllegalArgumentException("format must be " + FORMAT + ", got " + format);
        }
        requireText("signatureKey", signatureKey);
        requireText("inputName", inputName);
        featureNames = checkedFeatureNames(featureNames);
        if (!DTYPE.equals(dtype)) {
            throw new IllegalArgumentException("dtype must be '" + DTYPE + "', got " + quoted(dtype));
        }
        List<Long> expectedShape = List.of(-1L, (long) featureNames.size());
        if (!expectedShape.equals(inputShape)) {
            throw new IllegalArgumentException("inputShape must be " + expectedShape + " for " + featureNames.size()
                    + " features, got " + inputShape);
        }
        inputShape = List.copyOf(inputShape);
        Objects.requireNonNull(outputNames, "outputNames");
        if (outputNames.isEmpty()) {
            throw new IllegalArgumentException("outputNames must name at least one output");
        }
        for (int i = 0; i < outputNames.size(); i++) {
            requireText("outputNames[" + i + "]", outputNames.get(i));
        }
        outputNames = List.copyOf(outputNames);
        Objects.requireNonNull(threshold, "threshold must not be null; use Optional.empty()");
        threshold.ifPresent(t -> {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("threshold must be between 0 and 1, got " + t);
            }
        });
        Objects.requireNonNull(metrics, "metrics");
        metrics.forEach((name, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("metrics." + name + " must be a finite number, got " + value);
            }
        });
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        Objects.requireNonNull(trainingSeed, "trainingSeed");
        Objects.requireNonNull(epochs, "epochs");
        Objects.requireNonNull(hiddenUnits, "hiddenUnits");
    }

    /**
     * Metadata for a model with the usual signature ({@code serving_default}, input {@code features},
     * float32, shape [-1, n]) and no training details.
     */
    public static ModelMetadata of(List<String> featureNames, List<String> outputNames, Optional<Double> threshold,
                                   Map<String, Double> metrics) {
        return new ModelMetadata(FORMAT, "serving_default", "features", featureNames, DTYPE,
                List.of(-1L, (long) featureNames.size()), outputNames, threshold, metrics,
                OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    /** Reads {@code fleet-model.json} from a SavedModel directory. */
    public static ModelMetadata read(Path savedModelDir) throws IOException {
        Path file = savedModelDir.resolve(FILE_NAME);
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw rejected("is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return parse(Files.readAllBytes(file));
    }

    /** Parses the file's bytes; anything wrong is an {@link ArtifactRejectedException} with reason INVALID_METADATA. */
    public static ModelMetadata parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw rejected("is not valid JSON: " + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e));
        }
        if (root == null || !root.isObject()) {
            throw rejected("must be a JSON object");
        }
        try {
            return new ModelMetadata(
                    intField(root, "format"),
                    textField(root, "signatureKey"),
                    textField(root, "inputName"),
                    textList(root, "featureNames"),
                    textField(root, "dtype"),
                    longList(root, "inputShape"),
                    textList(root, "outputNames"),
                    optionalNumber(root, "threshold"),
                    numberMap(root, "metrics"),
                    optionalLong(root, "trainingSeed"),
                    optionalInt(root, "epochs"),
                    optionalInt(root, "hiddenUnits"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw rejected("is invalid: " + e.getMessage());
        }
    }

    /** This metadata as the JSON the file holds, the same bytes for the same values. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode().put("format", format).put("signatureKey", signatureKey)
                .put("inputName", inputName);
        featureNames.forEach(root.putArray("featureNames")::add);
        root.put("dtype", dtype);
        inputShape.forEach(root.putArray("inputShape")::add);
        outputNames.forEach(root.putArray("outputNames")::add);
        threshold.ifPresentOrElse(t -> root.put("threshold", t), () -> root.putNull("threshold"));
        ObjectNode metricsNode = root.putObject("metrics");
        metrics.forEach(metricsNode::put);
        trainingSeed.ifPresent(seed -> root.put("trainingSeed", seed));
        epochs.ifPresent(n -> root.put("epochs", n));
        hiddenUnits.ifPresent(n -> root.put("hiddenUnits", n));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    /** Writes {@code fleet-model.json} into a SavedModel directory. */
    public Path writeTo(Path savedModelDir) throws IOException {
        return Files.writeString(savedModelDir.resolve(FILE_NAME), toJson());
    }

    private static List<String> checkedFeatureNames(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("featureNames must name at least one feature");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            requireText("featureNames[" + i + "]", name);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("featureNames has '" + name + "' more than once");
            }
        }
        return List.copyOf(names);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string, got " + quoted(value));
        }
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "'" + value + "'";
    }

    private static ArtifactRejectedException rejected(String problem) {
        return new ArtifactRejectedException(ArtifactRejectedException.Reason.INVALID_METADATA, FILE_NAME + " " + problem);
    }

    private static JsonNode present(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return node;
    }

    private static int intField(JsonNode root, String field) {
        JsonNode node = present(root, field);
        if (!node.canConvertToExactIntegral() || !node.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be an integer, got " + node);
        }
        return node.asInt();
    }

    private static String textField(JsonNode root, String field) {
        JsonNode node = present(root, field);
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, got " + node);
        }
        return node.textValue();
    }

    private static ArrayNode array(JsonNode root, String field) {
        JsonNode node = present(root, field);
        if (!node.isArray()) {
            throw new IllegalArgumentException(field + " must be an array, got " + node);
        }
        return (ArrayNode) node;
    }

    private static List<String> textList(JsonNode root, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array(root, field)) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException(field + " must hold only strings, got " + item);
            }
            values.add(item.textValue());
        }
        return values;
    }

    private static List<Long> longList(JsonNode root, String field) {
        List<Long> values = new ArrayList<>();
        for (JsonNode item : array(root, field)) {
            if (!item.canConvertToExactIntegral() || !item.canConvertToLong()) {
                throw new IllegalArgumentException(field + " must hold only integers, got " + item);
            }
            values.add(item.asLong());
        }
        return values;
    }

    private static Optional<Double> optionalNumber(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + node);
        }
        return Optional.of(node.doubleValue());
    }

    private static OptionalLong optionalLong(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be an integer, got " + node);
        }
        return OptionalLong.of(node.asLong());
    }

    private static OptionalInt optionalInt(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(intField(root, field));
    }

    private static Map<String, Double> numberMap(JsonNode root, String field) {
        JsonNode node = root.get(field);
        Map<String, Double> values = new TreeMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(field + " must be an object of numbers, got " + node);
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isNumber()) {
                throw new IllegalArgumentException(field + "." + entry.getKey() + " must be a number, got "
                        + entry.getValue());
            }
            values.put(entry.getKey(), entry.getValue().doubleValue());
        }
        return values;
    }
}
