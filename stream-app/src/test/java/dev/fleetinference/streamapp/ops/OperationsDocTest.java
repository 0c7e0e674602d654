package dev.fleetinference.streamapp.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.AvroSerializer;
import dev.fleetinference.streamapp.StreamApp;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.EventFactory;
import dev.fleetinference.streamapp.testing.PipelineClients;
import dev.fleetinference.streamapp.testing.PipelineInstance;
import dev.fleetinference.streamapp.testing.TestFleet;
import dev.fleetinference.streamapp.testing.RegistryFixture;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/operations.md} against the code: its dead-letter table names exactly the reasons the pipeline writes,
 * and its metrics table exactly the metrics a running app serves on {@code /metrics}.
 */
@WithStack
class OperationsDocTest {

    // Maven runs a module's tests from the module's directory
    private static final Path DOC = Path.of("..", "docs", "operations.md");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
    private static final Pattern SAMPLE_LABELS = Pattern.compile("^(\\w+)\\{([^}]*)}", Pattern.MULTILINE);
    private static final Pattern LABEL_NAME = Pattern.compile("(\\w+)=\"");

    private static TestStack stack;
    private static List<String> doc;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void readTheDoc(TestStack testStack) throws IOException {
        stack = testStack;
        assertThat(Files.isRegularFile(DOC)).withFailMessage("no docs/operations.md at %s (resolved from the module's "
                + "directory, where Maven runs its tests)", DOC.toAbsolutePath().normalize()).isTrue();
        doc = Files.readAllLines(DOC, StandardCharsets.UTF_8);
    }

    @Test
    void theDeadLetterTableNamesEveryReasonTheCodeHasAndNoOther() {
        Set<String> documented = new TreeSet<>();
        firstCells(table("reason")).forEach(cell -> documented.addAll(codeSpans(cell)));

        assertThat(documented).as("the reasons in the dead-letter table of %s", DOC)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(DeadLetterReason.values())
                        .map(DeadLetterReason::code).toList());
    }

    @Test
    void theMetricsTableNamesEveryMetricARunningAppServesAndNoOther() throws Exception {
        Map<String, Set<String>> documented = documentedMetrics();
        String scrape = scrapeOfAnAppThatScoredAnEvent();
        Map<String, String> served = families(scrape);
        Set<String> prefixes = documented.keySet().stream().filter(name -> name.endsWith("*"))
                .map(name -> name.substring(0, name.length() - 1)).collect(Collectors.toCollection(TreeSet::new));

        // every difference at once: a doc that is out of date is usually so in more than one row
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(served.keySet().stream().filter(family -> !documented.containsKey(family)
                            && !isMaxOfADocumentedHistogram(family, documented, served)
                            && prefixes.stream().noneMatch(family::startsWith)))
                    .as("metrics served on /metrics but missing from the table in %s", DOC).isEmpty();
            softly.assertThat(documented.keySet().stream().filter(name -> !name.endsWith("*")
                            && !served.containsKey(name)))
                    .as("metrics in the table of %s that the app does not serve", DOC).isEmpty();
            softly.assertThat(prefixes.stream().filter(prefix -> served.keySet().stream()
                            .noneMatch(family -> family.startsWith(prefix))))
                    .as("metric prefixes in the table of %s that match nothing served", DOC).isEmpty();
            documented.forEach((name, labels) -> {
                if (!name.endsWith("*") && served.containsKey(name)) {
                    softly.assertThat(labelsServed(scrape, name)).as("the labels of %s in %s", name, DOC)
                            .isEqualTo(labels);
                }
            });
        });
    }

    /** What a running app serves on {@code /metrics} once it has scored an event. */
    private String scrapeOfAnAppThatScoredAnEvent() throws Exception {
        String run = RegistryFixture.newName("opsdoc");
        RegistryFixture registry = new RegistryFixture(stack);
        registry.register(run, CommittedModels.V1);
        registry.promote(run, 1);
        // events scored are counted per model version, so that counter appears with the first event
        try (StreamApp app = PipelineInstance.start(PipelineInstance.config(stack, run, run, "instance-1", stateDir));
             TestFleet fleet = TestFleet.of(stack, PipelineInstance.topics(run));
             KafkaProducer<String, FeatureEvent> producer = PipelineClients.eventProducer(stack,
                     new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl())), fleet)) {
            FeatureEvent event = new EventFactory(1).event("device-1");
            producer.send(new ProducerRecord<>(PipelineInstance.topics(run).events(), event.getDeviceId(), event));
            producer.flush();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
                    .build();
            return await().atMost(Duration.ofSeconds(120))
                    .until(() -> http.send(metrics, HttpResponse.BodyHandlers.ofString()).body(),
                            body -> body.contains("fleet_events_scored_total{"));
        }
    }

    /** Each metric family of a scrape, with its Prometheus type. */
    private static Map<String, String> families(String scrape) {
        Map<String, String> families = new TreeMap<>();
        Matcher type = TYPE_LINE.matcher(scrape);
        while (type.find()) {
            families.put(type.group(1), type.group(2));
        }
        return families;
    }

    // a timer or distribution summary is a histogram plus a gauge of its maximum, NAME_max, documented with it
    private static boolean isMaxOfADocumentedHistogram(String family, Map<String, Set<String>> documented,
                                                       Map<String, String> served) {
        String histogram = family.endsWith("_max") ? family.substring(0, family.length() - "_max".length()) : "";
        return documented.containsKey(histogram) && "histogram".equals(served.get(histogram));
    }

    private static Set<String> labelsServed(String scrape, String family) {
        Set<String> labels = new TreeSet<>();
        Matcher sample = SAMPLE_LABELS.matcher(scrape);
        while (sample.find()) {
            if (sample.group(1).equals(family)) {
                Matcher label = LABEL_NAME.matcher(sample.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return labels;
    }

    /** Each metric in the table with its labels: {@code `fleet_events_scored_total{model,version}`}. */
    private static Map<String, Set<String>> documentedMetrics() {
        Map<String, Set<String>> metrics = new TreeMap<>();
        for (String cell : firstCells(table("metric"))) {
            for (String span : codeSpans(cell)) {
                int brace = span.indexOf('{');
                Set<String> labels = brace < 0 ? Set.of() : Arrays.stream(span.substring(brace + 1, span.length() - 1)
                        .split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
                metrics.put(brace < 0 ? span : span.substring(0, brace), labels);
            }
        }
        assertThat(metrics).as("the metrics table of %s", DOC).isNotEmpty();
        return metrics;
    }

    /** The rows of the doc's table whose first header cell is {@code header}. */
    private static List<String> table(String header) {
        int start = -1;
        for (int i = 0; i < doc.size() && start < 0; i++) {
            if (!cells(doc.get(i)).isEmpty() && cells(doc.get(i)).get(0).equals(header)) {
                start = i;
            }
        }
        assertThat(start).as("a table headed '| %s |' in %s", header, DOC).isNotNegative();
        List<String> rows = new ArrayList<>();
        // past the header and its |---| line, up to the first line that is not a row
        for (int i = start + 2; i < doc.size() && doc.get(i).startsWith("|"); i++) {
            rows.add(doc.get(i));
        }
        return rows;
    }

    private static List<String> firstCells(List<String> rows) {
        return rows.stream().map(row -> cells(row).get(0)).toList();
    }

    private static List<String> cells(String line) {
        if (!line.startsWith("|")) {
            return List.of();
        }
        // a \| inside a cell is no cell boundary
        return Arrays.stream(line.substring(1).split("(?<!\\\\)\\|")).map(String::strip).toList();
    }

    private static List<String> codeSpans(String cell) {
        List<String> spans = new ArrayList<>();
        Matcher matcher = CODE.matcher(cell);
        while (matcher.find()) {
            spans.add(matcher.group(1));
        }
        return spans;
    }
}
