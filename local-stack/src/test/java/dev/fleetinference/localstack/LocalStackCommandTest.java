package dev.fleetinference.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local-stack command as a user runs it: a separate JVM, its output and its exit code. */
class LocalStackCommandTest {

    /** Exit code and everything the command printed. */
    record Run(int exitCode, String output) {
    }

    @TempDir
    Path work;

    @Test
    void smokeRoundTripPassesAndLeavesNoBrokerBehind() throws Exception {
        Path dataDir = work.resolve("stack");

        Run run = run("--smoke", "--data-dir", dataDir.toString());

        assertThat(run.output()).contains("Kafka bootstrap servers : 127.0.0.1:")
                .contains("Schema registry URL     : http://127.0.0.1:")
                .contains("Model registry URL      : http://127.0.0.1:")
                .contains("Model registry token    : local-dev-token")
                .contains("Kafka security          : SASL_SSL, SCRAM-SHA-512, ACLs; the admin's client settings: "
                        + dataDir.resolve("kafka").resolve("admin.properties"))
                .containsPattern("Smoke round trip: 100 FeatureEvents sent .* 100 read back intact .*PASSED");
        assertThat(run.exitCode()).isZero();
        assertThat(brokersUsing(dataDir)).as("broker processes of this run after the command ended").isEmpty();
    }

    @Test
    void smokeRoundTripPassesOnThreeOpenBrokersAndStopsThemAll() throws Exception {
        Path dataDir = work.resolve("cluster");

        // open: three secured nodes are SecuredKafkaClusterOfThreeTest's, and here would only add their start
        Run run = run("--smoke", "--brokers", "3", "--insecure", "--data-dir", dataDir.toString());

        assertThat(run.output())
                .contains("Kafka security          : none (--insecure: plaintext, no authentication, no ACLs)")
                .containsPattern("Kafka bootstrap servers : 127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+\\R")
                .contains(dataDir.resolve("kafka").resolve("node-3").resolve("broker.log").toString())
                .containsPattern("Smoke round trip: 100 FeatureEvents sent .* 100 read back intact .*PASSED");
        assertThat(run.exitCode()).isZero();
        assertThat(brokersUsing(dataDir)).as("broker processes of this run after the command ended").isEmpty();
    }

    @Test
    void aSecondSmokeRunOnTheSameDataDirectoryPassesToo() throws Exception {
        Path dataDir = work.resolve("kept");
        run("--smoke", "--data-dir", dataDir.toString());

        Run again = run("--smoke", "--data-dir", dataDir.toString());

        assertThat(again.output()).contains("100 read back intact").contains("PASSED");
        assertThat(again.exitCode()).isZero();
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

    private static List<Long> brokersUsing(Path dataDir) {
        String marker = dataDir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments()
                        .map(args -> Arrays.stream(args).anyMatch(a -> a.contains(marker))).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalStackMain.class.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(work, "local-stack-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        // the developer's own FLEET_* settings must not change what the command does here
        builder.environment().keySet().removeIf(name -> name.startsWith("FLEET_"));
        Process process = builder.start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("local-stack exited").isTrue();
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }
}
