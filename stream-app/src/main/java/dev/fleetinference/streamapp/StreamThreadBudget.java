package dev.fleetinference.streamapp;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How long the stream thread may wait on the cluster, each wait a share of the one limit they must stay under: the
 * transaction timeout, past which the broker aborts the open transaction and fences the producer. docs/
 * configuration.md shows the arithmetic.
 *
 * @param transactionTimeout the producer's {@code transaction.timeout.ms}
 */
record StreamThreadBudget(Duration transactionTimeout) {

    /**
     * The app's {@code transaction.timeout.ms} unless the Kafka settings give one: shorter than Kafka Streams' 10 s,
     * since a dead instance's open transaction holds its partitions' committed offsets until the broker aborts it, so
     * this timeout bounds the failover from below (docs/operations.md, "Scaling out and failover").
     */
    static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(7);

    StreamThreadBudget {
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
            throw new IllegalArgumentException("the transaction timeout must be positive, got " + transactionTimeout);
        }
    }

    /** The budget under the transaction timeout the pass-through Kafka settings give, or the app's default. */
    static StreamThreadBudget of(Map<String, String> kafka) {
        // the producer-prefixed setting wins over the plain one, as in Kafka Streams
        String timeout = kafka.getOrDefault(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                kafka.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        return new StreamThreadBudget(timeout == null ? DEFAULT_TRANSACTION_TIMEOUT
                : Duration.ofMillis(Long.parseLong(timeout.trim())));
    }

    /** One call of the topic provisioner, creation and leader wait together: a third. */
    Duration provisioning() {
        return share(3);
    }

    /**
     * How often the topics written lately are checked for one deleted while the app runs: a fifth. Under
     * exactly-once the producer holds a record for a deleted topic, and the commit waits for it, until the topic
     * exists again; found within two periods (a topic is looked at twice after its last write, since a broker may
     * still describe it while it is being deleted) and created again within {@link #provisioning()}, the record is
     * delivered before the transaction times out.
     */
    Duration goneTopicCheck() {
        return share(5);
    }

    /**
     * How long the admission step waits for the device registry's view to be as new as an event it would refuse
     * (a device registered a moment before its first event): a tenth, since several such waits may fall into one
     * transaction; the view is current again every fetch (about 50 ms).
     */
    Duration deviceLookUp() {
        return share(10);
    }

    // whole milliseconds: the Kafka clients take their timeouts in them
    private Duration share(int parts) {
        return Duration.ofMillis(transactionTimeout.toMillis() / parts);
    }
}
