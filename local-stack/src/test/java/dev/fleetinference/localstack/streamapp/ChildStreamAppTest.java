package dev.fleetinference.localstack.streamapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.localstack.process.ChildJvm;
import dev.fleetinference.localstack.process.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream app in a child JVM, as the crash test and the benchmark run it from their class path: real child JVMs
 * running stand-ins with the stream app's HTTP contract. (The demo's tests cover readiness failures and the variables.)
 */
@Timeout(60)
class ChildStreamAppTest {

    @TempDir
    Path dir;

    @Test
    void aKilledAppIsGoneAtOnceWithoutItsShutdownAndIsNoLongerReady() throws Exception {
        Path log = dir.resolve("logs").resolve("app.log");
        try (ChildStreamApp app = start(FakeStreamApps.Ready.class, log)) {
            app.awaitReady(Duration.ofSeconds(30));
            assertThat(app.isReady()).isTrue();

            app.kill();

            assertThat(app.isAlive()).isFalse();
            assertThat(app.isReady()).isFalse();
            assertThat(app.exitedMessage("when killed")).contains("exited with code 137 when killed")
                    .contains("(pid " + app.pid() + ")").contains(FakeStreamApps.STARTED);
        }
        assertThat(Files.readString(log)).contains(FakeStreamApps.STARTED).doesNotContain(FakeStreamApps.STOPPED);
    }

    @Test
    void whatItScoredIsTheSumOfItsScoredEventsSeries() throws Exception {
        try (ChildStreamApp app = start(FakeStreamApps.Ready.class, dir.resolve("app.log"))) {
            app.awaitReady(Duration.ofSeconds(30));

            assertThat(app.scored()).isEqualTo(FakeStreamApps.SCORED);
            assertThat(app.stop()).as("stopped on SIGTERM").isTrue();
        }
        assertThat(Files.readString(dir.resolve("app.log"))).contains(FakeStreamApps.STOPPED);
    }

    @Test
    void settingsWithoutTheHttpPortAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> ChildStreamApp.start(ChildJvm.onThisClassPath(FakeStreamApps.Ready.class.getName()),
                Map.of("FLEET_BOOTSTRAP_SERVERS", "127.0.0.1:9"), dir.resolve("app.log")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FLEET_HTTP_PORT");
        assertThat(dir.resolve("app.log")).doesNotExist();
    }

    private static ChildStreamApp start(Class<?> main, Path log) {
        return ChildStreamApp.start(ChildJvm.onThisClassPath(main.getName()).withJvmOptions(List.of("-Xmx64m")),
                Map.of("FLEET_HTTP_PORT", Integer.toString(FreePort.find())), log);
    }
}
