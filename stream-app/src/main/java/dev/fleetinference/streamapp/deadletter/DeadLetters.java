package dev.fleetinference.streamapp.deadletter;

import dev.fleetinference.streamapp.validation.DeadLetterReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter record of an event: the original key and value bytes and the original headers, plus
 * headers saying why and where from. The three exception handlers write these records inside the same transaction
 * as the pipeline's output, so a dead letter is written exactly once too.
 *
 * <p>Headers: {@value #REASON} (a {@link DeadLetterReason#code()}), and Kafka Streams' own dead-letter headers
 * (KIP-1034) {@value #EXCEPTION}, {@value #MESSAGE}, {@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}, and
 * {@value #STACKTRACE} for failures that are not plain bad input. Unlike Kafka Streams' built-in dead-letter handlers
 * (configured with {@code errors.dead.letter.queue.topic.name}), ours add the reason, keep the original headers,
 * leave the stack trace out for plain bad input, and fail the task rather than dead-letter when the cluster, not the
 * event, is at fault.
 */
public final class DeadLetters {

    /** The key under which the handlers find this object among Kafka Streams' configs. */
    public static final String CONFIG_KEY = "fleet.dead.letters";

    public static final String REASON = "fleet.dlq.reason";
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    private final String topic;
    private final Consumer<DeadLetterReason> counter;

    /** Dead letters go to {@code topic}; {@code counter} hears of each one (for metrics). */
    public DeadLetters(String topic, Consumer<DeadLetterReason> counter) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    public String topic() {
        return topic;
    }

    /** The {@link DeadLetters} put among the configs under {@link #CONFIG_KEY}; fails naming the key if absent. */
    static DeadLetters from(Map<String, ?> configs, Class<?> handler) {
        Object value = configs.get(CONFIG_KEY);
        if (value instanceof DeadLetters deadLetters) {
            return deadLetters;
        }
        throw new ConfigException(handler.getSimpleName() + " needs a " + DeadLetters.class.getName()
                + " under the config key '" + CONFIG_KEY + "', found " + value);
    }

    /**
     * The dead letter of the record read at {@code source}, counted; {@code withStackTrace} for failures a developer
     * needs to look into, not for plain bad input.
     */
    public ProducerRecord<byte[], byte[]> record(DeadLetterReason reason, byte[] key, byte[] value, Headers original,
                                                 SourcePosition source, Exception failure, boolean withStackTrace) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            original.forEach(headers::add);
        }
        // an event replayed from the dead-letter topic carries the headers of its first death
        for (String name : List.of(REASON, EXCEPTION, MESSAGE, STACKTRACE, TOPIC, PARTITION, OFFSET)) {
            headers.remove(name);
        }
        headers.add(REASON, utf8(reason.code()));
        headers.add(EXCEPTION, utf8(failure.getClass().getName()));
        headers.add(MESSAGE, utf8(String.valueOf(failure.getMessage())));
        if (withStackTrace) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            headers.add(STACKTRACE, utf8(trace.toString()));
        }
        headers.add(TOPIC, utf8(source.topic()));
        headers.add(PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(OFFSET, utf8(Long.toString(source.offset())));
        counter.accept(reason);
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Where the dead event was read. */
    public record SourcePosition(String topic, int partition, long offset) {
    }
}
