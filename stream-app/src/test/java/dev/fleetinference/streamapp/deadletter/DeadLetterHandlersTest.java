package dev.fleetinference.streamapp.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.schemas.registry.SchemaRegistryException;
import dev.fleetinference.streamapp.pipeline.ModelUnavailableException;
import dev.fleetinference.streamapp.routing.TopicProvisioner;
import dev.fleetinference.streamapp.routing.TopicProvisioningException;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three handlers on their own, for what the topology test cannot provoke: a write the broker refuses, a schema
 * registry outage, no model, an unexpected scoring failure, and a handler configured without its {@link DeadLetters}.
 */
class DeadLetterHandlersTest {

    private static final byte[] KEY = utf8("device-1");
    private static final byte[] VALUE = {0, 0, 0, 0, 1, 42};

    private final List<DeadLetterReason> counted = new ArrayList<>();
    private final List<String> forgotten = new ArrayList<>();
    private final Map<String, Object> configs = Map.of(DeadLetters.CONFIG_KEY,
            new DeadLetters("device-events.dlq", counted::add),
            UndeliverablePredictionHandler.PROVISIONER_CONFIG_KEY, new ForgettingProvisioner(forgotten));
    private final ErrorHandlerContext context = new SourceContext(new RecordHeaders().add("trace-id", utf8("t-1")));

    static Stream<Configurable> handlers() {
        return Stream.of(new UndecodableEventHandler(), new UnscorableEventHandler());
    }

    @ParameterizedTest
    @MethodSource("handlers")
    void aHandlerConfiguredWithoutItsDeadLettersFailsAtStartNamingTheKey(Configurable handler) {
        assertThatThrownBy(() -> handler.configure(Map.of("application.id", "scoring")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(handler.getClass().getSimpleName())
                .hasMessageContaining("'" + DeadLetters.CONFIG_KEY + "'");
    }

    @Test
    void aWriteTheBrokerRefusesForGoodFailsTheTaskWithoutADeadLetterSinceTheTransactionAbortsAnyway() {
        UndeliverablePredictionHandler handler = new UndeliverablePredictionHandler();
        handler.configure(configs);

        ProductionExceptionHandler.Response response = handler.handleError(context,
                new ProducerRecord<>("predictions.device-1", KEY, utf8("a prediction")),
                new RecordTooLargeException("the message is 2000000 bytes"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(counted).isEmpty();
    }

    @Test
    void aDeadLetterTheBrokerRefusesIsNotDeadLetteredAgain() {
        UndeliverablePredictionHandler handler = new UndeliverablePredictionHandler();
        handler.configure(configs);

        ProductionExceptionHandler.Response response = handler.handleError(context,
                new ProducerRecord<>("device-events.dlq", KEY, VALUE),
                new RecordTooLargeException("the message is 2000000 bytes"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void anUndecodableEventWhileTheSchemaRegistryIsAwayFailsTheTaskInsteadOfFilingAGoodEvent() {
        UndecodableEventHandler handler = new UndecodableEventHandler();
        handler.configure(configs);

        DeserializationExceptionHandler.Response response = handler.handleError(context,
                new ConsumerRecord<>("device-events", 3, 1234, KEY, VALUE),
                new SerializationException("cannot fetch schema id 1", new SchemaRegistryException(
                        "connection refused", SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_ERROR_CODE)));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(counted).isEmpty();
    }

    @Test
    void anUnknownSchemaIdIsUndecodableForGood() {
        UndecodableEventHandler handler = new UndecodableEventHandler();
        handler.configure(configs);

        DeserializationExceptionHandler.Response response = handler.handleError(context,
                new ConsumerRecord<>("device-events", 3, 1234, KEY, VALUE),
                new SerializationException("no schema id 987654", new SchemaRegistryException(
                        "schema not found", 404, 40403)));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(counted).containsExactly(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void noModelToScoreWithFailsTheTaskSoTheEventWaitsForOne() {
        UnscorableEventHandler handler = new UnscorableEventHandler();
        handler.configure(configs);

        ProcessingExceptionHandler.Response response = handler.handleError(context,
                new Record<>("device-1", "an event", 0L),
                new ModelUnavailableException("no model to score with: closed", null));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(counted).isEmpty();
    }

    @Test
    void aPassingWriteFailureIsRetriedWithoutADeadLetter() {
        UndeliverablePredictionHandler handler = new UndeliverablePredictionHandler();
        handler.configure(configs);

        ProductionExceptionHandler.Response response = handler.handleError(context,
                new ProducerRecord<>("predictions.device-1", KEY, utf8("a prediction")),
                new TimeoutException("no leader yet"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(counted).isEmpty();
    }

    static Stream<RuntimeException> topicGoneFailures() {
        return Stream.of(new UnknownTopicOrPartitionException("This server does not host this topic-partition."),
                new TimeoutException("Expiring 1 record(s) for predictions.device-1-0: 5000 ms has passed since batch "
                        + "creation"));
    }

    @ParameterizedTest
    @MethodSource("topicGoneFailures")
    void aWriteWhoseTopicMayBeGoneMakesTheProvisionerForgetItAndIsRetriedSoTheRetryCreatesIt(RuntimeException failure) {
        UndeliverablePredictionHandler handler = new UndeliverablePredictionHandler();
        handler.configure(configs);

        ProductionExceptionHandler.Response response = handler.handleError(context,
                new ProducerRecord<>("predictions.device-1", KEY, utf8("a prediction")), failure);

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(forgotten).containsExactly("predictions.device-1");
        assertThat(counted).isEmpty();
    }

    @Test
    void aWriteRefusedForAnotherReasonLeavesTheProvisionerAsItIs() {
        UndeliverablePredictionHandler handler = new UndeliverablePredictionHandler();
        handler.configure(configs);

        handler.handleError(context, new ProducerRecord<>("predictions.device-1", KEY, utf8("a prediction")),
                new RecordTooLargeException("the message is 2000000 bytes"));

        assertThat(forgotten).isEmpty();
    }

    @Test
    void theProductionHandlerConfiguredWithoutItsProvisionerFailsAtStartNamingTheKey() {
        assertThatThrownBy(() -> new UndeliverablePredictionHandler().configure(Map.of("application.id", "scoring")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + UndeliverablePredictionHandler.PROVISIONER_CONFIG_KEY + "'");
    }

    @Test
    void aPredictionThatCannotBeSerializedFailsTheTaskSoTheEventIsRetried() {
        UndeliverablePredictionHandler handler = new UndeliverablePredictionHandler();
        handler.configure(configs);

        ProductionExceptionHandler.Response response = handler.handleSerializationError(context,
                new ProducerRecord<>("predictions.device-1", "device-1", "a prediction"),
                new SerializationException("registry unreachable"),
                SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(counted).isEmpty();
    }

    @Test
    void anUnexpectedScoringFailureIsDeadLetteredAsScoringFailedWithItsStackTrace() {
        UnscorableEventHandler handler = new UnscorableEventHandler();
        handler.configure(configs);

        ProcessingExceptionHandler.Response response = handler.handleError(context,
                new Record<>("device-1", "an event", 0L), new IllegalStateException("TensorFlow said no"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
            assertThat(letter.key()).isEqualTo(KEY);
            assertThat(letter.value()).isEqualTo(VALUE);
            assertThat(header(letter.headers(), DeadLetters.REASON)).isEqualTo("scoring-failed");
            assertThat(header(letter.headers(), DeadLetters.MESSAGE)).isEqualTo("TensorFlow said no");
            assertThat(header(letter.headers(), DeadLetters.STACKTRACE)).contains("IllegalStateException");
        });
        assertThat(counted).containsExactly(DeadLetterReason.SCORING_FAILED);
    }

    @Test
    void badInputIsDeadLetteredWithItsOwnReasonAndNoStackTrace() {
        UnscorableEventHandler handler = new UnscorableEventHandler();
        handler.configure(configs);

        ProcessingExceptionHandler.Response response = handler.handleError(context,
                new Record<>("device-1", "an event", 0L),
                new InvalidEventException(DeadLetterReason.MISSING_FEATURE, "feature 'a' is missing"));

        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
            assertThat(header(letter.headers(), DeadLetters.REASON)).isEqualTo("missing-feature");
            assertThat(letter.headers().lastHeader(DeadLetters.STACKTRACE)).isNull();
        });
        assertThat(counted).containsExactly(DeadLetterReason.MISSING_FEATURE);
    }

    @Test
    void aTopicThatCannotBeCreatedFailsTheTaskWithoutADeadLetter() {
        UnscorableEventHandler handler = new UnscorableEventHandler();
        handler.configure(configs);

        ProcessingExceptionHandler.Response response = handler.handleError(context,
                new Record<>("device-1", "an event", 0L),
                new TopicProvisioningException("cannot create topic predictions.device-1", null));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(counted).isEmpty();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(Headers headers, String name) {
        assertThat(headers.lastHeader(name)).as("header %s", name).isNotNull();
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** A provisioner that only notes the topics it is told to forget. */
    private record ForgettingProvisioner(List<String> forgotten) implements TopicProvisioner {

        @Override
        public void ensureExists(Collection<String> topics) {
        }

        @Override
        public void forget(String topic) {
            forgotten.add(topic);
        }
    }

    /** Where the failed event was read: device-events partition 3, offset 1234, with its raw bytes. */
    private record SourceContext(Headers headers) implements ErrorHandlerContext {

        @Override
        public String topic() {
            return "device-events";
        }

        @Override
        public int partition() {
            return 3;
        }

        @Override
        public long offset() {
            return 1234;
        }

        @Override
        public String processorNodeId() {
            return "score";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 3);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return KEY;
        }

        @Override
        public byte[] sourceRawValue() {
            return VALUE;
        }
    }
}
