package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fleetinference.localstack.process.FreePort;
import dev.fleetinference.localstack.streamapp.FakeStreamApps;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How the demo runs the stream app: real child JVMs running stand-ins with the same HTTP health contract. */
@Timeout(60)
class StreamAppProcessTest {

    @TempDir
    Path workDir;

    @Test
    void theAppIsReadyWhenItsHealthSaysSoAndStopsOnSigtermWithItsOutputInTheLog() throws Exception {
        StreamAppEnvironment appEnv = environment(FreePort.find(), workDir);

        try (StreamAppProcess app = StreamAppProcess.start(layout(FakeStreamApps.Ready.class), appEnv, workDir)) {
            app.awaitReady(Duration.ofSeconds(30));

            assertThat(app.isAlive()).isTrue();
            assertThat(app.stop()).isTrue();
            assertThat(app.isAlive()).isFalse();
        }

        String log = Files.readString(workDir.resolve("stream-app.log"));
        assertThat(log).contains(FakeStreamApps.STARTED).contains(FakeStreamApps.STOPPED);
        assertThat(log).contains("FLEET_HTTP_PORT=" + appEnv.httpPort())
                .contains("FLEET_BOOTSTRAP_SERVERS=127.0.0.1:9")
                .contains("FLEET_STATE_DIR=" + workDir.resolve("state"))
                .contains("TF_CPP_MIN_LOG_LEVEL=");
    }

    @Test
    void theChildGetsTheDemosFleetVariablesAndNoneOfTheFleetVariablesOfTheDemosOwnEnvironment() {
        StreamAppEnvironment appEnv = environment(8123, workDir);

        Map<String, String> env = StreamAppProcess.environment(Map.of("PATH", "/bin", "FLEET_HTTP_PORT", "8080",
                "FLEET_REGISTRY_TOKEN", "secret", "FLEET_ROOT", "/checkout"), appEnv);

        assertThat(env).containsEntry("PATH", "/bin")
                .containsEntry("FLEET_HTTP_HOST", "127.0.0.1")
                .containsEntry("FLEET_HTTP_PORT", "8123")
                .containsEntry("FLEET_BOOTSTRAP_SERVERS", "127.0.0.1:9")
                .containsEntry("FLEET_SCHEMA_REGISTRY_URL", "http://127.0.0.1:1")
                .containsEntry("FLEET_MODEL_REGISTRY_URL", "http://127.0.0.1:2")
                .containsEntry("FLEET_MODEL_NAME", "anomaly")
                .containsEntry("FLEET_STATE_DIR", workDir.resolve("state").toString())
                .containsEntry("FLEET_APPLICATION_ID", "fleet-scoring")
                .containsEntry("FLEET_INSTANCE_ID", "test-1")
                .containsEntry("TF_CPP_MIN_LOG_LEVEL", "2")
                .doesNotContainKeys("FLEET_REGISTRY_TOKEN", "FLEET_ROOT");
        assertThat(StreamAppProcess.environment(Map.of("TF_CPP_MIN_LOG_LEVEL", "0"), appEnv))
                .containsEntry("TF_CPP_MIN_LOG_LEVEL", "0");
    }

    @Test
    void anAppThatExitsWhileStartingFailsAtOnceWithTheEndOfItsLog() {
        try (StreamAppProcess app = StreamAppProcess.start(layout(FakeStreamApps.Crashing.class),
                environment(FreePort.find(), workDir), workDir)) {
            long began = System.nanoTime();

            assertThatThrownBy(() -> app.awaitReady(Duration.ofSeconds(60)))
                    .isInstanceOf(DemoFailedException.class)
                    .hasMessageContaining("the stream app exited with code 3 while starting")
                    .hasMessageContaining(workDir.resolve("stream-app.log").toString())
                    .hasMessageContaining("no model 'anomaly' in production");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void anAppThatIsNeverReadyFailsAfterTheTimeoutWithItsLastAnswer() {
        try (StreamAppProcess app = StreamAppProcess.start(layout(FakeStreamApps.NeverReady.class),
                environment(FreePort.find(), workDir), workDir)) {

            assertThatThrownBy(() -> app.awaitReady(Duration.ofSeconds(3)))
                    .isInstanceOf(DemoFailedException.class)
                    .hasMessageContaining("the stream app was not ready within 3 s")
                    .hasMessageContaining("/health/ready: 503 {\"status\":\"STARTING\"}")
                    .hasMessageContaining(FakeStreamApps.STARTED);
        }
    }

    @Test
    void anAppWhoseDemoIsKilledStopsByItself() throws Exception {
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StreamAppOwner.class.getName(), workDir.toString())
                .redirectErrorStream(true)
                .start();
        try (var lines = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            long appPid = lines.lines().filter(l -> l.startsWith(StreamAppOwner.READY)).findFirst()
                    .map(l -> Long.parseLong(l.substring(StreamAppOwner.READY.length())))
                    .orElseThrow(() -> new AssertionError("the owner JVM did not start a stream app"));
            Optional<ProcessHandle> app = ProcessHandle.of(appPid);
            assertThat(app).isPresent();

            owner.destroyForcibly().waitFor();

            await().atMost(Duration.ofSeconds(20)).until(() -> !app.get().isAlive());
        } finally {
            owner.destroyForcibly();
        }
        assertThat(Files.readString(workDir.resolve("stream-app.log"))).contains("parent process is gone")
                .contains(FakeStreamApps.STOPPED);
    }

    static StreamAppEnvironment environment(int httpPort, Path workDir) {
        return new StreamAppEnvironment("127.0.0.1:9", "http://127.0.0.1:1", "http://127.0.0.1:2", "anomaly",
                httpPort, workDir.resolve("state"), "fleet-scoring", "test-1");
    }

    private static StreamAppLayout layout(Class<?> main) {
        return new StreamAppLayout(System.getProperty("java.class.path"), main.getName());
    }
}
