package dev.fleetinference.trainer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetinference.simulator.telemetry.FeatureNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.proto.framework.DataType;
import org.tensorflow.types.TFloat32;

/** Trains a tiny model once through the command line, then checks what it wrote as its consumers will read it. */
class TrainedModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;

    private static Path modelDirectory;
    private static int status;
    private static String output;

    @BeforeAll
    static void trainATinyModel() {
        modelDirectory = workspace.resolve("tiny-model");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        status = new TrainerMain(List.of(new TrainCommand())).run(new String[] {
                "train", "--out", modelDirectory.toString(), "--seed", "3", "--epochs", "3", "--hidden", "8",
                "--devices", "12", "--samples-per-device", "60"},
                new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        output = out.toString(UTF_8) + err.toString(UTF_8);
    }

    @Test
    void trainingReportsEachEpochAndTheHeldOutMetrics() {
        assertThat(status).as(output).isZero();
        assertThat(output).contains("epoch   1/3", "epoch   3/3", "validation AUC", "ROC AUC", "precision",
                "recall", "Threshold", "Model written to " + modelDirectory.toAbsolutePath());
    }

    @Test
    void savedModelLoadsWithTheServeTagAndTheServingSignature() {
        try (SavedModelBundle model = SavedModelBundle.load(modelDirectory.toString(), "serve")) {
            Signature signature = model.function("serving_default").signature();

            assertThat(signature.inputNames()).containsExactly("features");
            assertThat(signature.outputNames()).containsExactly("score");
            Signature.TensorDescription input = signature.getInputs().get("features");
            assertThat(input.dataType).isEqualTo(DataType.DT_FLOAT);
            assertThat(input.shape.asArray()).containsExactly(-1, 8);
            Signature.TensorDescription output = signature.getOutputs().get("score");
            assertThat(output.dataType).isEqualTo(DataType.DT_FLOAT);
            assertThat(output.shape.asArray()).containsExactly(-1, 1);
        }
    }

    @Test
    void loadedModelReproducesTheProbeScores() throws IOException {
        Probe probe = JSON.readValue(modelDirectory.resolve("probe.json").toFile(), Probe.class);
        float[] rows = new float[probe.inputs().size() * 8];
        for (int i = 0; i < probe.inputs().size(); i++) {
            for (int j = 0; j < 8; j++) {
                rows[i * 8 + j] = probe.inputs().get(i).get(j);
            }
        }

        float[] scores;
        try (SavedModelBundle model = SavedModelBundle.load(modelDirectory.toString(), "serve");
             TFloat32 input = FeatureTensors.matrix(rows, probe.inputs().size(), 8)) {
            SessionFunction serving = model.function("serving_default");
            try (Result result = serving.call(Map.of("features", input))) {
                scores = FeatureTensors.column((TFloat32) result.get("score").orElseThrow());
            }
        }

        assertThat(scores).hasSize(probe.scores().size());
        for (int i = 0; i < scores.length; i++) {
            assertThat(scores[i]).as("probe row %d", i).isCloseTo(probe.scores().get(i), within(1e-5f));
        }
    }

    @Test
    void metadataFollowsTheRegistryContract() throws IOException {
        JsonNode metadata = JSON.readTree(modelDirectory.resolve("fleet-model.json").toFile());

        assertThat(fieldNames(metadata)).containsExactly("format", "signatureKey", "inputName", "featureNames",
                "dtype", "inputShape", "outputNames", "threshold", "metrics", "trainingSeed", "epochs", "hiddenUnits");
        assertThat(metadata.get("format").asInt()).isEqualTo(1);
        assertThat(metadata.get("signatureKey").asText()).isEqualTo("serving_default");
        assertThat(metadata.get("inputName").asText()).isEqualTo("features");
        assertThat(texts(metadata.get("featureNames"))).containsExactlyElementsOf(FeatureNames.ORDERED);
        assertThat(metadata.get("dtype").asText()).isEqualTo("float32");
        assertThat(metadata.get("inputShape").toString()).isEqualTo("[-1,8]");
        assertThat(texts(metadata.get("outputNames"))).containsExactly("score");
        assertThat(metadata.get("threshold").isNumber()).isTrue();
        assertThat(metadata.get("threshold").asDouble()).isBetween(0.0, 1.0);
        assertThat(metadata.get("trainingSeed").asLong()).isEqualTo(3);
        assertThat(metadata.get("epochs").asInt()).isEqualTo(3);
        assertThat(metadata.get("hiddenUnits").asInt()).isEqualTo(8);
    }

    @Test
    void metricsAreHeldOutRatesAndCounts() throws IOException {
        JsonNode metrics = JSON.readTree(modelDirectory.resolve("fleet-model.json").toFile()).get("metrics");

        assertThat(fieldNames(metrics)).containsExactly("roc_auc", "precision", "recall", "f1", "accuracy",
                "validation_samples", "validation_positives");
        for (String rate : List.of("roc_auc", "precision", "recall", "f1", "accuracy")) {
            assertThat(metrics.get(rate).isNumber()).as(rate).isTrue();
            assertThat(metrics.get(rate).asDouble()).as(rate).isBetween(0.0, 1.0);
        }
        long samples = metrics.get("validation_samples").asLong();
        assertThat(samples).isPositive().isLessThan(12 * 60).isEqualTo(samples / 60 * 60);
        assertThat(metrics.get("validation_positives").asLong()).isPositive().isLessThan(samples);
    }

    @Test
    void probeHoldsRawHeldOutRowsInFeatureOrder() throws IOException {
        Probe probe = JSON.readValue(modelDirectory.resolve("probe.json").toFile(), Probe.class);

        assertThat(probe.featureNames()).containsExactlyElementsOf(FeatureNames.ORDERED);
        assertThat(probe.inputs()).hasSize(16).doesNotHaveDuplicates().allSatisfy(row -> assertThat(row).hasSize(8));
        assertThat(probe.scores()).hasSize(16).allSatisfy(score -> assertThat(score).isBetween(0f, 1f));
        // raw readings, not standardised ones: temperatures in °C and pressures in kPa
        assertThat(probe.inputs()).allSatisfy(row -> assertThat(row.get(3)).isGreaterThan(100f));
    }

    @Test
    void onlyTheModelDirectoryIsWrittenAndItIsSmall() throws IOException {
        try (Stream<Path> entries = Files.list(workspace)) {
            assertThat(entries).containsExactly(modelDirectory);
        }
        try (Stream<Path> files = Files.walk(modelDirectory)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).extracting(path -> modelDirectory.relativize(path).toString()).containsExactlyInAnyOrder(
                    "saved_model.pb", "variables/variables.index", "variables/variables.data-00000-of-00001",
                    "fleet-model.json", "probe.json");
            long bytes = 0;
            for (Path file : all) {
                bytes += Files.size(file);
            }
            assertThat(bytes).isLessThan(100_000);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
