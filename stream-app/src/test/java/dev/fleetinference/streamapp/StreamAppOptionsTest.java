package dev.fleetinference.streamapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.settings.Setting;
import dev.fleetinference.streamapp.batching.BatchSettings;
import dev.fleetinference.streamapp.deadletter.DeadLetters;
import dev.fleetinference.streamapp.pipeline.ScoringMode;
import dev.fleetinference.streamapp.deadletter.UndecodableEventHandler;
import dev.fleetinference.streamapp.deadletter.UndeliverablePredictionHandler;
import dev.fleetinference.streamapp.deadletter.UnscorableEventHandler;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import dev.fleetinference.streamapp.routing.LookaheadProvisioning;
import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The stream app's settings: defaults, flags over environment over file, and a message naming each bad one. */
class StreamAppOptionsTest {

    private static final LookaheadProvisioning.Lookahead LOOKAHEAD = new LookaheadProvisioning.Lookahead(
            "device-events", new DeviceTopics("predictions."), topics -> { }, deviceId -> true);

    @TempDir
    Path dir;

    @Test
    void withNothingGivenEveryDefaultApplies() {
        StreamAppConfig config = parse(List.of("--instance-id", "scorer-1"), Map.of());

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(config.modelRegistryUrl()).isEqualTo("http://127.0.0.1:8082");
        assertThat(config.registryToken()).isEmpty();
        assertThat(config.modelName()).isEqualTo("anomaly");
        assertThat(config.applicationId()).isEqualTo("fleet-scoring");
        assertThat(config.instanceId()).isEqualTo("scorer-1");
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.stateDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "fleet-inference",
                "streams"));
        assertThat(config.cacheDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "fleet-inference"));
        assertThat(config.topics()).isEqualTo(PipelineTopics.defaults());
        assertThat(config.topics().events()).isEqualTo("device-events");
        assertThat(config.topics().deadLetters()).isEqualTo("device-events.dlq");
        assertThat(config.topics().predictions().prefix()).isEqualTo("predictions.");
        assertThat(config.eventsPartitions()).isEqualTo(4);
        assertThat(config.predictionTopics()).isEqualTo(PredictionTopicSpec.defaults());
        assertThat(config.predictionTopics().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.streamThreads()).isEqualTo(1);
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.batching()).isEqualTo(new BatchSettings(256, Duration.ofMillis(5)));
        assertThat(config.scoring()).isEqualTo(ScoringMode.MODEL);
        assertThat(config.tensorFlow()).isEqualTo(new TensorFlowSettings(config.cacheDir(), 1, 1));
        assertThat(config.kafka()).isEmpty();
    }

    @Test
    void tensorFlowsThreadPoolsComeFromFlagsTheEnvironmentOrTheFile() throws IOException {
        Path file = file("""
                tensorflow.intra.op.threads=4
                tensorflow.inter.op.threads=4
                """);

        StreamAppConfig config = parse(List.of("--config", file.toString(), "--instance-id", "scorer-1",
                "--tf-intra-op-threads", "3"), Map.of("FLEET_TF_INTER_OP_THREADS", "2"));

        assertThat(config.tensorFlow()).isEqualTo(new TensorFlowSettings(config.cacheDir(), 3, 2));
        assertThat(parse(List.of("--config", file.toString(), "--instance-id", "scorer-1"), Map.of()).tensorFlow())
                .isEqualTo(new TensorFlowSettings(config.cacheDir(), 4, 4));
        assertThat(StreamAppOptions.USAGE).contains("--tf-intra-op-threads").contains("FLEET_TF_INTER_OP_THREADS");
    }

    @Test
    void withoutAnInstanceIdTheHostNameIsTheDefault() {
        assertThat(parse(List.of(), Map.of()).instanceId()).isNotBlank();
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheFile() throws IOException {
        Path file = file("""
                model.name=from-file
                application.id=from-file
                topics.events=file-events
                http.port=9001
                """);

        StreamAppConfig config = parse(List.of("--config", file.toString(), "--application-id", "from-flag"),
                Map.of("FLEET_MODEL_NAME", "from-env", "FLEET_APPLICATION_ID", "from-env"));

        assertThat(config.applicationId()).isEqualTo("from-flag");
        assertThat(config.modelName()).isEqualTo("from-env");
        assertThat(config.topics().events()).isEqualTo("file-events");
        assertThat(config.httpPort()).isEqualTo(9001);
    }

    @Test
    void theFileCanBeNamedByTheEnvironmentAndSetsEverySettingItNames() throws IOException {
        Path file = file("""
                registry.token=s3cret
                topics.dead-letters=dead
                topics.predictions-prefix=p.
                topics.predictions-partitions=2
                topics.predictions-replication=3
                topics.predictions-retention=36h
                processing.guarantee=at_least_once
                stream.threads=4
                commit.interval=2s
                """);

        StreamAppConfig config = parse(List.of("--instance-id", "scorer-1"), Map.of("FLEET_CONFIG", file.toString()));

        assertThat(config.registryToken()).contains("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(config.topics().deadLetters()).isEqualTo("dead");
        assertThat(config.topics().predictions().topicFor("d-1")).isEqualTo("p.d-1");
        assertThat(config.predictionTopics())
                .isEqualTo(new PredictionTopicSpec(2, Optional.of((short) 3), Duration.ofHours(36)));
        assertThat(config.processingGuarantee()).isEqualTo("at_least_once");
        assertThat(config.streamThreads()).isEqualTo(4);
        assertThat(config.commitInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theSchemaRegistrysBasicAuthComesFromItsFlagVariableOrKeyAndNeverShows() throws IOException {
        Path file = file("schema-registry.basic-auth.user-info=from-file:pw1\n");

        assertThat(parse(List.of("--instance-id", "s"), Map.of()).schemaRegistryUserInfo()).isEmpty();
        assertThat(parse(List.of("--instance-id", "s", "--config", file.toString()), Map.of())
                .schemaRegistryUserInfo()).contains("from-file:pw1");
        StreamAppConfig config = parse(List.of("--instance-id", "s"),
                Map.of("FLEET_SCHEMA_REGISTRY_USER_INFO", "fleet:pa55word"));
        assertThat(config.schemaRegistryUserInfo()).contains("fleet:pa55word");
        assertThat(config.toString()).doesNotContain("pa55word").contains("fleet:****");
        assertThatThrownBy(() -> parse(List.of("--instance-id", "s", "--schema-registry-user-info", "nocolon"),
                Map.of())).hasMessageContaining("--schema-registry-user-info").hasMessageNotContaining("nocolon");
    }

    @Test
    void fileKeysUnderKafkaArePassedToKafkaStreamsWithoutThePrefixOverTheAppsOwn() throws IOException {
        Path file = file("""
                kafka.security.protocol=SASL_SSL
                kafka.consumer.max.poll.records=50
                kafka.producer.retry.backoff.ms=50
                kafka.=ignored
                """);

        StreamAppConfig config = parse(List.of("--config", file.toString(), "--instance-id", "scorer-1"), Map.of());
        Properties props = config.streamsProperties(deadLetters(), LOOKAHEAD);

        assertThat(config.kafka()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL",
                "consumer.max.poll.records", "50", "producer.retry.backoff.ms", "50"));
        assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("consumer.max.poll.records", "50")
                .as("a tuning of the app's own choice").containsEntry("producer.retry.backoff.ms", "50");
        assertThat(config.adminProperties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void theStreamsRebalanceProtocolGoesToKafkaStreamsButNotToTheModelCatalogsReader() throws IOException {
        Path file = file("""
                kafka.group.protocol=streams
                kafka.security.protocol=SASL_SSL
                """);

        StreamAppConfig config = parse(List.of("--config", file.toString(), "--instance-id", "scorer-1"), Map.of());

        assertThat(config.streamsProperties(deadLetters(), LOOKAHEAD)).containsEntry("group.protocol", "streams");
        assertThat(config.catalogClientSettings()).as("it reads by assignment, in no group")
                .containsExactlyEntriesOf(Map.of("security.protocol", "SASL_SSL"));
    }

    @Test
    void aDeadInstancesPartitionsWaitItsSixSecondSessionNotTheConsumersDefault() {
        Properties props = parse(List.of("--instance-id", "scorer-1"), Map.of())
                .streamsProperties(deadLetters(), LOOKAHEAD);

        assertThat(props).containsEntry("consumer.session.timeout.ms", 6_000)
                .containsEntry("consumer.heartbeat.interval.ms", 2_000);
    }

    @Test
    void aDeadInstancesOpenTransactionHoldsItsPartitionsSevenSecondsNotKafkaStreamsTen() throws IOException {
        Properties props = parse(List.of("--instance-id", "scorer-1"), Map.of())
                .streamsProperties(deadLetters(), LOOKAHEAD);
        Path file = file("kafka.transaction.timeout.ms=15000\n");
        Properties given = parse(List.of("--config", file.toString(), "--instance-id", "scorer-1"), Map.of())
                .streamsProperties(deadLetters(), LOOKAHEAD);

        assertThat(props).containsEntry("producer.transaction.timeout.ms", 7_000);
        assertThat(given).as("the file's, for the producer too").containsEntry("producer.transaction.timeout.ms",
                15_000);
    }

    @Test
    void kafkaStreamsGetsTheGuaranteeTheStaticMemberIdAndTheThreeDeadLetterHandlers() {
        StreamAppConfig config = parse(List.of("--instance-id", "scorer-7", "--processing-guarantee", "at_least_once",
                "--application-id", "scoring"), Map.of());
        DeadLetters deadLetters = deadLetters();

        Properties props = config.streamsProperties(deadLetters, LOOKAHEAD);

        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "scoring")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once")
                .containsEntry("consumer.group.instance.id", "scorer-7")
                .containsEntry(StreamsConfig.CLIENT_ID_CONFIG, "scoring-scorer-7")
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        UndecodableEventHandler.class)
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, UnscorableEventHandler.class)
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        UndeliverablePredictionHandler.class)
                .containsEntry(DeadLetters.CONFIG_KEY, deadLetters);
        assertThat(new StreamsConfig(props).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .as("a config Kafka Streams accepts").isEqualTo("at_least_once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "256"})
    void newDevicesGetTheirTopicsCreatedAheadByTheMainConsumersInterceptorWhateverTheBatchSize(String batchSize) {
        StreamAppConfig config = parse(List.of("--instance-id", "scorer-1", "--batch-size", batchSize), Map.of());

        Properties props = config.streamsProperties(deadLetters(), LOOKAHEAD);

        assertThat(props)
                .containsEntry("main.consumer.interceptor.classes", LookaheadProvisioning.class.getName())
                .containsEntry("main.consumer." + LookaheadProvisioning.CONFIG_KEY, LOOKAHEAD);
    }

    @Test
    void kafkaSettingsTheAppOwnsAreRefusedNamingTheOptionToUseInstead() throws IOException {
        Path owned = file("kafka.processing.guarantee=at_least_once\n");

        assertThatThrownBy(() -> parse(List.of("--config", owned.toString(), "--instance-id", "i"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kafka.processing.guarantee'")
                .hasMessageContaining("--processing-guarantee");
    }

    static Stream<String> ownedKafkaKeys() {
        return StreamAppOptions.ownedKafkaKeys().keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownedKafkaKeys")
    void everyKafkaSettingTheAppOwnsIsRefusedInTheFile(String key) throws IOException {
        Path owned = file("kafka." + key + "=x\n");

        assertThatThrownBy(() -> parse(List.of("--config", owned.toString(), "--instance-id", "i"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kafka." + key + "'")
                .hasMessageContaining(StreamAppOptions.ownedKafkaKeys().get(key));
    }

    @Test
    void theOwnedKafkaSettingsCannotBeChangedByTheirReaders() {
        assertThat(StreamAppOptions.ownedKafkaKeys())
                .containsEntry("commit.interval.ms", "--commit-interval")
                .containsEntry("default.deserialization.exception.handler", "the app's dead-letter handling");
        assertThatThrownBy(() -> StreamAppOptions.ownedKafkaKeys().put("linger.ms", "none"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aKafkaSettingKafkaStreamsRefusesStopsTheStartNamingIt() throws IOException {
        Path bad = file("kafka.num.standby.replicas=two\n");

        assertThatThrownBy(() -> parse(List.of("--config", bad.toString(), "--instance-id", "i"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num.standby.replicas");
    }

    @Test
    void anInstanceIdMustBeAKafkaName() {
        assertThatThrownBy(() -> parse(List.of("--instance-id", "scorer 1"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--instance-id (FLEET_INSTANCE_ID, instance.id)")
                .hasMessageContaining("'scorer 1'");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(StreamAppOptions.GUARANTEE, "exactly_once", "must be exactly_once_v2 or at_least_once"),
                Arguments.of(StreamAppOptions.HTTP_PORT, "70000", "a port number 0-65535"),
                Arguments.of(StreamAppOptions.HTTP_PORT, "http", "a port number 0-65535"),
                Arguments.of(StreamAppOptions.MODEL, "bad name", "a model name is 1 to 100 characters"),
                Arguments.of(StreamAppOptions.EVENTS_TOPIC, "bad/topic", "must be a Kafka name"),
                Arguments.of(StreamAppOptions.DEAD_LETTER_TOPIC, "t".repeat(250), "must be a Kafka name"),
                Arguments.of(StreamAppOptions.APPLICATION_ID, "fleet scoring", "must be a Kafka name"),
                Arguments.of(StreamAppOptions.PREDICTIONS_PREFIX, "predictions/", "may only hold [a-zA-Z0-9._-]"),
                Arguments.of(StreamAppOptions.PREDICTION_RETENTION, "7 days", "must be a duration such as"),
                Arguments.of(StreamAppOptions.PREDICTION_RETENTION, "0d", "must be above zero"),
                Arguments.of(StreamAppOptions.COMMIT_INTERVAL, "0ms", "must be above zero"),
                Arguments.of(StreamAppOptions.PREDICTION_PARTITIONS, "0", "a whole number from 1 to 10000"),
                Arguments.of(StreamAppOptions.PREDICTION_REPLICATION, "40000", "a whole number from 1 to 32767"),
                Arguments.of(StreamAppOptions.THREADS, "65", "a whole number from 1 to 64"),
                Arguments.of(StreamAppOptions.SCHEMA_REGISTRY, "127.0.0.1:8081", "must be an http(s) URL"),
                Arguments.of(StreamAppOptions.MODEL_REGISTRY, "ftp://127.0.0.1/models", "must be an http(s) URL"),
                Arguments.of(StreamAppOptions.MODEL_REGISTRY, "http://", "must be an http(s) URL"),
                Arguments.of(StreamAppOptions.BOOTSTRAP, " ", "is set but empty"),
                Arguments.of(StreamAppOptions.BATCH_SIZE, "0", "a whole number from 1 to 65536"),
                Arguments.of(StreamAppOptions.BATCH_MAX_WAIT, "0ms", "must be above zero"),
                Arguments.of(StreamAppOptions.SCORING, "none", "must be model or constant"),
                Arguments.of(StreamAppOptions.TF_INTRA_OP_THREADS, "0", "a whole number from 1 to 1024"),
                Arguments.of(StreamAppOptions.TF_INTRA_OP_THREADS, "-2", "a whole number from 1 to 1024"),
                Arguments.of(StreamAppOptions.TF_INTER_OP_THREADS, "two", "a whole number from 1 to 1024"),
                Arguments.of(StreamAppOptions.TF_INTER_OP_THREADS, "1025", "a whole number from 1 to 1024"));
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @MethodSource("badValues")
    void aBadFlagFailsNamingItsFlagVariableAndKey(Setting setting, String value, String problem) {
        assertThatThrownBy(() -> parse(List.of("--instance-id", "scorer-1", setting.flag(), value), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(setting.describe())
                .hasMessageContaining(problem);
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @MethodSource("badValues")
    void aBadEnvironmentVariableFailsTheSameWay(Setting setting, String value, String problem) {
        assertThatThrownBy(() -> parse(List.of("--instance-id", "scorer-1"), Map.of(setting.env(), value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(setting.describe())
                .hasMessageContaining(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"topics.predictions-retention=a week", "tensorflow.intra.op.threads=0",
            "tensorflow.inter.op.threads=1.5"})
    void aBadValueInTheFileFailsNamingItsKey(String line) throws IOException {
        Path file = file(line + "\n");
        String key = line.substring(0, line.indexOf('='));
        String value = line.substring(line.indexOf('=') + 1);

        assertThatThrownBy(() -> parse(List.of("--config", file.toString(), "--instance-id", "scorer-1"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void anUnknownFlagOrAMissingConfigFileFails() {
        assertThatThrownBy(() -> parse(List.of("--modle", "x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--modle'");
        assertThatThrownBy(() -> parse(List.of("--config", dir.resolve("absent.properties").toString()), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent.properties");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void askingForHelpGivesNoConfigEvenBesideBadValues(String help) {
        assertThat(StreamAppOptions.parse(List.of("--http-port", "not-a-port", help), Map.of())).isEmpty();
        assertThat(StreamAppOptions.USAGE).contains("--processing-guarantee").contains("FLEET_PREDICTIONS_RETENTION");
    }

    private static StreamAppConfig parse(List<String> args, Map<String, String> env) {
        return StreamAppOptions.parse(args, env).orElseThrow();
    }

    private static DeadLetters deadLetters() {
        return new DeadLetters("device-events.dlq", reason -> { });
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("stream-app.properties"), content, StandardCharsets.UTF_8);
    }
}
