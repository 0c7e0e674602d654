package dev.fleetinference.streamapp;

import dev.fleetinference.streamapp.batching.BatchSettings;
import dev.fleetinference.streamapp.deadletter.DeadLetterHandlers;
import dev.fleetinference.streamapp.deadletter.DeadLetters;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.pipeline.ScoringMode;
import dev.fleetinference.streamapp.routing.LookaheadProvisioning;
import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything one stream-app instance needs, read once at start (see {@link StreamAppOptions}) and validated.
 *
 * @param bootstrapServers    the Kafka cluster
 * @param schemaRegistryUrl   the Confluent-compatible schema registry of the events and predictions
 * @param modelRegistryUrl    the model registry the artifacts are downloaded from
 * @param registryToken       bearer token for the model registry, if it wants one for reads
 * @param schemaRegistryUserInfo "user:password" sent to the schema registry as basic auth, which registering the
 *                            predictions' and dead letters' schemas needs where it refuses anonymous writes
 * @param modelName           the registered model whose PRODUCTION version scores the events
 * @param applicationId       Kafka Streams' application id, shared by every instance of the pipeline
 * @param instanceId          this instance's stable name (static group membership); unique per instance
 * @param httpHost            interface of the health and metrics endpoints
 * @param httpPort            port of the health and metrics endpoints (0: any free port)
 * @param stateDir            Kafka Streams' state directory
 * @param cacheDir            where TensorFlow's natives and downloaded models are kept
 * @param topics              the topics read and written
 * @param eventsPartitions    partitions of the events and dead-letter topics when this app has to create them
 * @param predictionTopics    how a device's predictions topic is created
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param streamThreads       Kafka Streams threads in this instance
 * @param commitInterval      how often the stream threads commit (a transaction under exactly-once)
 * @param batching            how many events one model call scores at most, and how long an event waits for them
 * @param scoring             the model, or for benchmarks a constant in place of the model call
 * @param tensorFlowIntraOpThreads TensorFlow's intra-op thread pool (JVM-wide)
 * @param tensorFlowInterOpThreads TensorFlow's inter-op thread pool (JVM-wide)
 * @param kafka               further Kafka Streams / client settings, passed through as they are
 */
public record StreamAppConfig(String bootstrapServers, String schemaRegistryUrl, String modelRegistryUrl,
                              Optional<String> registryToken, Optional<String> schemaRegistryUserInfo,
                              String modelName, String applicationId,
                              String instanceId, String httpHost, int httpPort, Path stateDir, Path cacheDir,
                              PipelineTopics topics, int eventsPartitions, PredictionTopicSpec predictionTopics,
                              String processingGuarantee, int streamThreads, Duration commitInterval,
                              BatchSettings batching, ScoringMode scoring, int tensorFlowIntraOpThreads,
                              int tensorFlowInterOpThreads, Map<String, String> kafka) {

    private static final int SESSION_TIMEOUT_MS = 6_000;

    /** With no schema-registry credentials: a registry that takes anonymous writes. */
    public StreamAppConfig(String bootstrapServers, String schemaRegistryUrl, String modelRegistryUrl,
                           Optional<String> registryToken, String modelName, String applicationId,
                           String instanceId, String httpHost, int httpPort, Path stateDir, Path cacheDir,
                           PipelineTopics topics, int eventsPartitions, PredictionTopicSpec predictionTopics,
                           String processingGuarantee, int streamThreads, Duration commitInterval,
                           BatchSettings batching, ScoringMode scoring, int tensorFlowIntraOpThreads,
                           int tensorFlowInterOpThreads, Map<String, String> kafka) {
        this(bootstrapServers, schemaRegistryUrl, modelRegistryUrl, registryToken, Optional.empty(), modelName,
                applicationId, instanceId, httpHost, httpPort, stateDir, cacheDir, topics, eventsPartitions,
                predictionTopics, processingGuarantee, streamThreads, commitInterval, batching, scoring,
                tensorFlowIntraOpThreads, tensorFlowInterOpThreads, kafka);
    }

    public StreamAppConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(modelRegistryUrl, "modelRegistryUrl");
        Objects.requireNonNull(registryToken, "registryToken");
        Objects.requireNonNull(schemaRegistryUserInfo, "schemaRegistryUserInfo");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(predictionTopics, "predictionTopics");
        Objects.requireNonNull(processingGuarantee, "processingGuarantee");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(scoring, "scoring");
        kafka = Map.copyOf(kafka);
    }

    /** How TensorFlow is to run in this JVM: the cache and the thread pools. */
    TensorFlowSettings tensorFlow() {
        return new TensorFlowSettings(cacheDir, tensorFlowIntraOpThreads, tensorFlowInterOpThreads);
    }

    /** Kafka Streams' properties: ours first, then {@link #kafka()} over them. */
    Properties streamsProperties(DeadLetters deadLetters, LookaheadProvisioning.Lookahead lookahead) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId + "-" + instanceId);
        // static membership: a restarted instance takes its partitions back without a rebalance (STACK.md)
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        // A static member that dies keeps its partitions until its session times out: the consumer's default, 45 s,
        // is how long a SIGKILLed instance's partitions would wait for the others. 6 s (the broker's least, by
        // default) lets them take over within about 10 s; heartbeats come from the consumer's own thread, so a busy
        // stream thread does not miss them. kafka.consumer.session.timeout.ms in the config file changes it.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 3);
        // under exactly-once, produces to many partitions meet CONCURRENT_TRANSACTIONS and back off by this much;
        // the default 100 ms halved throughput under load (STACK.md)
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // the transaction timeout every stream-thread wait is a share of (budget()); the Kafka settings below win
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) budget().transactionTimeout().toMillis());
        if (batching.batching()) {
            // an idle stream thread waits in poll this long at most, then runs the check for batches that waited
            // long enough: the default 100 ms would hold a lone event that long
            props.put(StreamsConfig.POLL_MS_CONFIG, batching.checkInterval().toMillis());
        }
        DeadLetterHandlers.install(props, deadLetters, lookahead.provisioner());
        // new devices' topics are created a polled batch at a time, not an event or a scored batch at a time: with
        // batching only, at 500 events/s a 5 ms batch brings 2-3 new devices and a request of its own each, and
        // the demo's cold start went from 0.4 s to 1.7 s at p50
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
                LookaheadProvisioning.class.getName());
        // the consumer makes its interceptors from their class names, so the provisioner reaches the interceptor
        // through the settings. A KafkaClientSupplier wrapping the main consumer is no better way: under
        // group.protocol=streams (KIP-1071) Kafka Streams 4.4 makes the main consumer itself, without the supplier,
        // and the lookahead would silently stop; the consumer's settings reach it under either protocol
        props.put(StreamsConfig.mainConsumerPrefix(LookaheadProvisioning.CONFIG_KEY), lookahead);
        props.putAll(kafka);
        return props;
    }

    /**
     * The pass-through settings for the model catalog's reader (security, say), without the group's: it reads by
     * assignment, in no group, and a consumer refuses Kafka Streams' own values of them ({@code group.protocol=streams}).
     */
    public Map<String, String> catalogClientSettings() {
        Map<String, String> settings = new TreeMap<>(kafka);
        settings.keySet().removeIf(key -> key.startsWith("group."));
        return Map.copyOf(settings);
    }

    /** How long the stream thread may wait on the cluster, from the transaction timeout in {@link #kafka()}. */
    StreamThreadBudget budget() {
        return StreamThreadBudget.of(kafka);
    }

    /** Admin client properties for provisioning topics; the pass-through settings apply (security, say). */
    Properties adminProperties() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put("bootstrap.servers", bootstrapServers);
        props.put("client.id", applicationId + "-" + instanceId + "-provisioner");
        return props;
    }

    // the generated toString would print the token and the password
    @Override
    public String toString() {
        return "StreamAppConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", modelRegistryUrl=" + modelRegistryUrl + ", registryToken=" + registryToken.map(t -> "****")
                .orElse("none") + ", schemaRegistryUserInfo=" + schemaRegistryUserInfo
                .map(info -> info.substring(0, Math.max(info.indexOf(':'), 0)) + ":****").orElse("none")
                + ", modelName=" + modelName + ", applicationId=" + applicationId + ", instanceId="
                + instanceId + ", http=" + httpHost + ":" + httpPort + ", stateDir=" + stateDir + ", cacheDir="
                + cacheDir + ", topics=" + topics + ", eventsPartitions=" + eventsPartitions + ", predictionTopics="
                + predictionTopics + ", processingGuarantee=" + processingGuarantee + ", streamThreads="
                + streamThreads + ", commitInterval=" + commitInterval + ", batching=" + batching + ", scoring="
                + scoring + ", tensorFlowThreads=" + tensorFlowIntraOpThreads + " intra-op/" + tensorFlowInterOpThreads
                + " inter-op, kafka=" + kafka.keySet() + "]";
    }
}
