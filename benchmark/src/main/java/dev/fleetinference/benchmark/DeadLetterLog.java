package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.streamapp.CommittedRecords;
import dev.fleetinference.streamapp.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The dead letters of a run, read as an operator reads the dead-letter topic (read_committed), by where each dead
 * event was read: its partition and offset of the events topic, from the headers the pipeline adds.
 */
final class DeadLetterLog {

    /** One dead letter: its reason (empty if it has none) and the events-topic position it names (if it does). */
    record DeadLetter(Optional<String> reason, Optional<CrashLoad.Position> source) {
    }

    private final List<DeadLetter> all;
    private final Map<CrashLoad.Position, DeadLetter> bySource = new HashMap<>();

    private DeadLetterLog(List<DeadLetter> all) {
        this.all = List.copyOf(all);
        all.forEach(letter -> letter.source().ifPresent(source -> bySource.put(source, letter)));
    }

    /** Every dead letter on {@code topic}, read to its end; nothing if the topic does not exist. */
    static DeadLetterLog read(BenchCluster cluster, String topic, Duration timeout) throws TimeoutException {
        List<DeadLetter> letters = new ArrayList<>();
        try (CommittedRecords records = new CommittedRecords(cluster.bootstrapServers(), cluster.clientSettings(),
                List.of(topic), timeout)) {
            records.readToEnd(timeout, record -> letters.add(of(record)));
        }
        return new DeadLetterLog(letters);
    }

    /** Dead letters read. */
    int size() {
        return all.size();
    }

    /** Dead letters with no reason header. */
    long withoutReason() {
        return all.stream().filter(letter -> letter.reason().isEmpty()).count();
    }

    /** The dead letter of the event read at {@code source}, if there is one. */
    Optional<DeadLetter> of(CrashLoad.Position source) {
        return Optional.ofNullable(bySource.get(source));
    }

    private static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Optional<String> partition = header(record, DeadLetters.PARTITION);
        Optional<String> offset = header(record, DeadLetters.OFFSET);
        Optional<CrashLoad.Position> source = Optional.empty();
        if (partition.isPresent() && offset.isPresent()) {
            source = Optional.of(new CrashLoad.Position(Integer.parseInt(partition.get()),
                    Long.parseLong(offset.get())));
        }
        return new DeadLetter(header(record, DeadLetters.REASON).filter(reason -> !reason.isBlank()), source);
    }

    private static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
