package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.localstack.streamapp.FakeStreamApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo's instances as real child JVMs running a stand-in with the stream app's HTTP contract. */
@Timeout(60)
class StreamAppInstancesTest {

    private static final StreamAppLayout FAKE = new StreamAppLayout(System.getProperty("java.class.path"),
            FakeStreamApps.Ready.class.getName());

    @TempDir
    Path workDir;

    @Test
    void severalInstancesRunEachInItsOwnDirectoryWithItsOwnIdPortAndStateAndAKilledOneIsNoLongerCounted()
            throws Exception {
        try (StreamAppInstances instances = StreamAppInstances.start(FAKE, workDir, 3, this::environment)) {
            for (StreamAppInstances.Instance instance : instances.all()) {
                instance.process().awaitReady(Duration.ofSeconds(30));
            }

            assertThat(instances.several()).isTrue();
            assertThat(instances.all()).extracting(StreamAppInstances.Instance::id)
                    .containsExactly("demo-1", "demo-2", "demo-3");
            assertThat(instances.all()).extracting(i -> i.env().httpPort()).doesNotHaveDuplicates();
            assertThat(instances.logFiles()).containsExactly(workDir.resolve("demo-1/stream-app.log"),
                    workDir.resolve("demo-2/stream-app.log"), workDir.resolve("demo-3/stream-app.log"));
            assertThat(instances.scored()).containsOnlyKeys("demo-1", "demo-2", "demo-3")
                    .containsValue(FakeStreamApps.SCORED);

            instances.get("demo-2").process().kill();

            assertThat(instances.alive()).extracting(StreamAppInstances.Instance::id)
                    .containsExactly("demo-1", "demo-3");
            assertThat(instances.scored()).containsOnlyKeys("demo-1", "demo-3");
            assertThat(instances.stop()).as("instances killed after the SIGTERM grace").isEmpty();
            assertThat(instances.alive()).isEmpty();
        }
        assertThat(Files.readString(workDir.resolve("demo-3/stream-app.log")))
                .contains("FLEET_INSTANCE_ID=demo-3")
                .contains("FLEET_STATE_DIR=" + workDir.resolve("demo-3/stream-app-state"))
                .contains(FakeStreamApps.STOPPED);
        assertThat(Files.readString(workDir.resolve("demo-2/stream-app.log"))).doesNotContain(FakeStreamApps.STOPPED);
    }

    @Test
    void oneInstanceRunsInTheWorkDirectoryAsTheDemoAlwaysHadIt() throws Exception {
        try (StreamAppInstances instances = StreamAppInstances.start(FAKE, workDir, 1, this::environment)) {
            instances.all().get(0).process().awaitReady(Duration.ofSeconds(30));

            assertThat(instances.several()).isFalse();
            assertThat(instances.logFiles()).isEqualTo(List.of(workDir.resolve("stream-app.log")));
            assertThat(instances.all().get(0).env().stateDir()).isEqualTo(workDir.resolve("stream-app-state"));
        }
    }

    private StreamAppEnvironment environment(String id, int httpPort, Path stateDir) {
        return new StreamAppEnvironment("127.0.0.1:9", "http://127.0.0.1:1", "http://127.0.0.1:2", "anomaly",
                httpPort, stateDir, "fleet-scoring", id);
    }
}
