package dev.fleetinference.demo;

import dev.fleetinference.localstack.streamapp.CommittedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The records of a dead-letter topic, counted by the reason the pipeline gave each (its {@value #REASON_HEADER}
 * header), as a read_committed consumer sees them: dead letters of aborted transactions do not count.
 *
 * @param total    every committed record in the topic
 * @param byReason the same records by reason; {@value #NO_REASON} for a record without the header
 */
record DeadLetterCount(long total, SortedMap<String, Long> byReason) {

    static final String REASON_HEADER = "fleet.dlq.reason";
    static final String NO_REASON = "(no reason header)";

    DeadLetterCount {
        byReason = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(byReason, "byReason")));
    }

    static DeadLetterCount none() {
        return new DeadLetterCount(0, new TreeMap<>());
    }

    /**
     * Reads {@code topic} from the beginning to its last stable offset and counts. A topic that does not exist has
     * nothing in it.
     */
    static DeadLetterCount read(String bootstrapServers, String topic, Duration timeout) {
        return read(bootstrapServers, Map.of(), topic, timeout);
    }

    /** {@link #read(String, String, Duration)} with further client settings (security). */
    static DeadLetterCount read(String bootstrapServers, Map<String, String> clientSettings, String topic,
                                Duration timeout) {
        SortedMap<String, Long> byReason = new TreeMap<>();
        // read_committed: the end is the last stable offset, so an open transaction is not waited for
        try (CommittedRecords records = new CommittedRecords(bootstrapServers, clientSettings, List.of(topic),
                timeout)) {
            records.readToEnd(timeout, record -> byReason.merge(reason(record), 1L, Long::sum));
        } catch (TimeoutException e) {
            throw new DemoFailedException("could not read " + topic + " to its end within " + timeout.toSeconds()
                    + " s at " + bootstrapServers, e);
        }
        return new DeadLetterCount(byReason.values().stream().mapToLong(Long::longValue).sum(), byReason);
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(REASON_HEADER);
        return header == null || header.value() == null ? NO_REASON
                : new String(header.value(), StandardCharsets.UTF_8);
    }
}
