package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.localstack.kafka.Security;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash run, small: the batched stream app in a child JVM on the secured embedded stack, as the pipeline's own
 * principal, SIGKILLed once mid-stream and restarted, and every event still has exactly one committed prediction.
 */
class CrashRunTest {

    // the checkout holds the committed models; surefire runs in the module's directory
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static LocalStack stack;
    private static BenchCluster cluster;

    @TempDir
    static Path stackDir;

    @BeforeAll
    static void startStack() {
        // secured, as by default: the stream app runs as the pipeline's own principal, the devices registered
        stack = LocalStack.start(stackDir, 1, 0, 0, 0, LocalStack.DEV_REGISTRY_TOKEN, Security.SECURED);
        cluster = new BenchCluster(stack);
        BenchRun.register(stack, ROOT.resolve("models").resolve("anomaly-v1"));
    }

    @AfterAll
    static void stopStack() {
        if (cluster != null) {
            cluster.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Timeout(90)
    void everyEventHasExactlyOnePredictionAfterAKillMidStream(@TempDir Path out, @TempDir Path work)
            throws InterruptedException {
        // 3 s of sending: the kill comes halfway, while events still stream in
        BenchOptions options = BenchOptions.parse(List.of("--crash-events", "3000", "--crash-kills", "1",
                "--rate", "1000", "--devices", "10", "--out", out.toString(), "--root", ROOT.toString()), Map.of());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        CrashResult crash = new CrashRun(options, cluster, new BenchFleet(options.devices()),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run(work);

        String progress = printed.toString(StandardCharsets.UTF_8);
        // the kill's figures, in the test's output
        System.out.print(progress);
        assertThat(crash.kills()).as(progress).hasSize(1);
        CrashResult.Kill kill = crash.kills().get(0);
        assertThat(kill.backlog()).as("events sent but not committed when the kill came").isPositive();
        assertThat(kill.readyMillis()).as("kill to the next incarnation ready").isPositive();
        assertThat(kill.flowingMillis()).as("kill to predictions flowing again").isPositive();
        assertThat(crash.events()).isEqualTo(3_000);
        assertThat(crash.missing()).as("events without a prediction; %s", progress).isZero();
        assertThat(crash.duplicates()).as("predictions beyond one per event; %s", progress).isZero();
        assertThat(crash.predictions()).isEqualTo(3_000);
        assertThat(out.resolve(CrashRun.LOG_DIR).resolve("stream-app-2.log")).exists();
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("StreamAppMain")))
                .as("stream app JVMs left running").isEmpty();
    }
}
