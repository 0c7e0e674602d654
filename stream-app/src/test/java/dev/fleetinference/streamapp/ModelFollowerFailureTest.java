package dev.fleetinference.streamapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.streamapp.testing.CommittedModels;
import dev.fleetinference.streamapp.testing.OpsClient;
import dev.fleetinference.streamapp.testing.PipelineInstance;
import dev.fleetinference.streamapp.testing.RegistryFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Error in the thread that follows the catalog (here while loading a promoted version) would leave the instance
 * ready but deaf to promotions: instead it is no longer live and stops, so that the orchestrator restarts it.
 */
@WithStack
class ModelFollowerFailureTest {

    @TempDir
    Path stateDir;

    @Test
    void anErrorWhileFollowingTheCatalogMakesTheInstanceNotLiveAndStopsIt(TestStack stack) throws Exception {
        String run = RegistryFixture.newName("follower");
        RegistryFixture registry = new RegistryFixture(stack);
        registry.register(run, CommittedModels.V1);
        registry.register(run, CommittedModels.V2);
        registry.promote(run, 1);
        StreamAppConfig config = PipelineInstance.config(stack, run, run, "instance-1", stateDir);

        try (StreamApp app = StreamApp.create(config, real -> version -> {
            if (version.getVersion() == 2) {
                throw new OutOfMemoryError("a stand-in: native memory ran out while loading version 2");
            }
            return real.load(version);
        })) {
            assertThat(app.awaitModelAndStart()).isTrue();
            OpsClient ops = new OpsClient(app.httpPort());
            await().atMost(Duration.ofSeconds(60)).until(() -> ops.status("/health/ready") == 200);
            CompletableFuture<KafkaStreams.State> stopped = CompletableFuture.supplyAsync(() -> {
                try {
                    return app.awaitStop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });

            registry.promote(run, 2);

            await().atMost(Duration.ofSeconds(30)).until(() -> ops.status("/health/live") == 503);
            stopped.get(30, TimeUnit.SECONDS);
            assertThat(app.failure()).hasValueSatisfying(reason -> assertThat(reason)
                    .contains("model '" + run + "'").contains("OutOfMemoryError"));
        }
    }
}
