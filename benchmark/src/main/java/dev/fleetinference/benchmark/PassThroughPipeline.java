package dev.fleetinference.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The pipeline's shape without its work: a Kafka Streams exactly_once_v2 app that writes each event, as it came, to
 * {@code predictions.<key>}, logged in as the pipeline principal. What it costs the broker is what the real
 * pipeline's topology costs it per event: a fetch, produce requests to many device topics, transactions.
 */
final class PassThroughPipeline implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

    private final KafkaStreams streams;
    private final Path stateDir;

    /** Starts the app as {@code applicationId} with the principal's client settings. */
    PassThroughPipeline(String bootstrapServers, Map<String, String> principalSettings, String applicationId,
                        String eventsTopic, String predictionsPrefix) {
        this.stateDir = createStateDir();
        Properties config = new Properties();
        config.putAll(principalSettings);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(COMMIT_INTERVAL.toMillis()));
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.streams = new KafkaStreams(topology(eventsTopic, predictionsPrefix), config);
        streams.start();
    }

    /** The topology: the events topic, each record to its device's topic. */
    static Topology topology(String eventsTopic, String predictionsPrefix) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(eventsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to((key, value, context) -> predictionsPrefix + key, Produced.with(Serdes.String(),
                        Serdes.ByteArray()));
        return builder.build();
    }

    /** Kafka Streams' state now. */
    KafkaStreams.State state() {
        return streams.state();
    }

    /** Fails the measurement if Kafka Streams stopped (an ACL it lacks makes it die, say). */
    void checkRunning() {
        KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
            throw new BenchFailedException("the pass-through pipeline is " + state + " (see the log)");
        }
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        FileUtils.deleteQuietly(stateDir.toFile());
    }

    private static Path createStateDir() {
        try {
            return Files.createTempDirectory("fleet-acl-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the pass-through pipeline", e);
        }
    }
}
