package dev.fleetinference.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The local-stack command as a user runs it: a separate JVM, its output and its exit code. */
class LocalStackCommandTest {

    /** Exit code and everything the command printed. */
    record Run(int exitCode, String output) {
    }

    @Test
    void smokeRoundTripPassesAndLeavesNoBrokerBehind() throws Exception {
        List<Long> brokersBefore = brokerPids();

        Run run = run("--smoke");

        assertThat(run.output()).contains("Kafka bootstrap servers : 127.0.0.1:")
                .contains("Schema registry URL     : http://127.0.0.1:")
                .contains("Model registry URL      : http://127.0.0.1:")
                .contains("Model registry token    : local-dev-token")
                .containsPattern("Smoke round trip: 100 FeatureEvents sent .* 100 read back intact .*PASSED");
        assertThat(run.exitCode()).isZero();
        assertThat(brokerPids()).as("broker processes after the command ended").isSubsetOf(brokersBefore);
    }

    @Test
    void helpExplainsTheOptions() throws Exception {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("Usage: local-stack").contains("--kafka-port").contains("FLEET_DATA_DIR")
                .contains("--model-registry-port").contains("FLEET_REGISTRY_TOKEN");
    }

    @Test
    void aBadOptionFailsFastNamingIt() throws Exception {
        Run run = run("--kafka-port", "abc");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("--kafka-port").contains("'abc'");
    }

    private static List<Long> brokerPids() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("kafka.Kafka")).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalStackMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("local-stack exited").isTrue();
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }
}
