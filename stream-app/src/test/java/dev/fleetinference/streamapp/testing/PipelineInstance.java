package dev.fleetinference.streamapp.testing;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.streamapp.StreamApp;
import dev.fleetinference.streamapp.StreamAppConfig;
import dev.fleetinference.streamapp.batching.BatchSettings;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import dev.fleetinference.streamapp.pipeline.ScoringMode;
import dev.fleetinference.devices.PredictionTopicSpec;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Configs for stream-app instances against the test stack, each test with its own topics, model and group. */
public final class PipelineInstance {

    private PipelineInstance() {
    }

    /**
     * Topics no other test uses: {@code <run>.events}, {@code <run>.dlq}, {@code <run>.p.<deviceId>} and the device
     * registry's {@code <run>.devices}.
     */
    public static PipelineTopics topics(String run) {
        return PipelineTopics.named(run);
    }

    /** An instance scoring with {@code model}, its HTTP endpoints on a free port of 127.0.0.1. */
    public static StreamAppConfig config(TestStack stack, String run, String model, String instanceId, Path stateDir) {
        return config(stack, run, model, instanceId, stateDir, BatchSettings.defaults());
    }

    /** {@link #config(TestStack, String, String, String, Path)} scoring in batches as given. */
    public static StreamAppConfig config(TestStack stack, String run, String model, String instanceId, Path stateDir,
                                         BatchSettings batching) {
        return config(stack, run, model, instanceId, stateDir, batching, Duration.ofMillis(100));
    }

    /** {@link #config(TestStack, String, String, String, Path, BatchSettings)} committing every {@code commitInterval}. */
    public static StreamAppConfig config(TestStack stack, String run, String model, String instanceId, Path stateDir,
                                         BatchSettings batching, Duration commitInterval) {
        // the stack's registry credentials, which only a secured stack has
        return new StreamAppConfig(stack.bootstrapServers(), stack.schemaRegistryUrl(), stack.modelRegistryUrl(),
                stack.modelRegistryReadToken(), stack.schemaRegistryUserInfo(), model, run + "-app", instanceId, "127.0.0.1", 0, stateDir,
                Path.of(System.getProperty("user.home"), ".cache", "fleet-inference"), topics(run), 4,
                PredictionTopicSpec.defaults(), "exactly_once_v2", 1, commitInterval, batching,
                ScoringMode.MODEL, TensorFlowSettings.DEFAULT_THREADS, TensorFlowSettings.DEFAULT_THREADS, Map.of());
    }

    /** {@code config} with the Kafka settings {@code kafka} (a principal's, on a secured cluster). */
    public static StreamAppConfig withKafka(StreamAppConfig config, Map<String, String> kafka) {
        return new StreamAppConfig(config.bootstrapServers(), config.schemaRegistryUrl(), config.modelRegistryUrl(),
                config.registryToken(), config.schemaRegistryUserInfo(), config.modelName(), config.applicationId(),
                config.instanceId(),
                config.httpHost(), config.httpPort(), config.stateDir(), config.cacheDir(), config.topics(),
                config.eventsPartitions(), config.predictionTopics(), config.processingGuarantee(),
                config.streamThreads(), config.commitInterval(), config.batching(), config.scoring(),
                config.tensorFlowIntraOpThreads(), config.tensorFlowInterOpThreads(), kafka);
    }

    /** Starts the instance and waits until it consumes (its model loaded); the caller closes it. */
    public static StreamApp start(StreamAppConfig config) throws InterruptedException {
        StreamApp app = StreamApp.create(config);
        try {
            if (!app.awaitModelAndStart()) {
                throw new IllegalStateException("the app was closed before it started");
            }
            return app;
        } catch (RuntimeException | InterruptedException e) {
            app.close();
            throw e;
        }
    }
}
