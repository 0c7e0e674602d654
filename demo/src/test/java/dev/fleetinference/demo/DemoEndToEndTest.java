package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole demo, short: the embedded stack, the committed models, the packaged stream app in a child JVM (built
 * before this module), a short warm-up, then a small fleet with poison records and the swap to v2 halfway; and the
 * same with three instances, one of them SIGKILLed after the swap.
 */
class DemoEndToEndTest {

    // surefire runs in the module's directory, so the checkout is its parent
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern WORK_DIR = Pattern.compile("work directory: (\\S+)");

    @Test
    @Timeout(120)
    void aSmallFleetGetsEveryPredictionOnceFromBothModelsAndThePoisonEndsInTheDeadLetterTopic() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = DemoMain.run(List.of("--devices", "10", "--rate", "200", "--duration", "8s", "--warm-up", "2s"),
                Map.of("FLEET_ROOT", ROOT.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);

        String text = out.toString(StandardCharsets.UTF_8);
        try {
            assertThat(status).as("exit status; stdout:%n%s%nstderr:%n%s", text, err).isZero();
            assertThat(text).contains("anomaly v1  sha256").contains("stage PRODUCTION")
                    .contains("Warming up: the same fleet for 2 s")
                    .containsPattern("(?m)^warm-up +[0-9.]+ s  sending ")
                    .containsPattern("  cold start: 400 events, 0 missing, 0 duplicates, round trip p50 [0-9,.]+ ms, "
                            + "p99 [0-9,.]+ ms; each device's first prediction p50 [0-9,.]+ ms, p99 [0-9,.]+ ms")
                    .contains("Registering 10 devices in the device registry (topic _devices)")
                    .contains("sent 7 poison records to device-events")
                    .contains("promoted anomaly v2 to PRODUCTION (v1 archived)")
                    .contains("events sent           1,600  to device-events")
                    .contains("missing               0")
                    .contains("duplicates            0")
                    .containsPattern("by model version      anomaly v1: [1-9]")
                    .containsPattern("by model version      anomaly v2: [1-9]")
                    .contains("Kafka security           SASL_SSL, SCRAM-SHA-512, ACLs")
                    .contains("the stream app runs as User:fleet-pipeline, with 17 ACLs")
                    .contains("a SCRAM credential and LITERAL ACLs")
                    .contains("dead letters          17  (7 poison records mixed in, 10 events published as another "
                            + "device)")
                    .contains("    illegal-device-id   1")
                    .contains("    missing-feature     1")
                    .contains("    non-finite-feature  1")
                    .contains("    unauthenticated     11")
                    .contains("    undecodable         2")
                    .contains("    unknown-device      1")
                    .contains("read another's topic  10 tries, 10 refused (TopicAuthorizationException), 0 allowed")
                    .contains("published as another  10 tries, 10 dead-lettered (unauthenticated), 0 scored")
                    .contains("isolation             OK")
                    .contains("The warm-up (the cold start, not in the figures above)")
                    .contains("exactly once: OK  (each of the 2,000 events got exactly one prediction: 400 in the "
                            + "warm-up, 1,600 measured)")
                    .contains("Stopping the stream app and the local stack ... done");
        } finally {
            deleteWorkDir(text);
        }
    }

    @Test
    @Timeout(420)
    void threeInstancesShareThePartitionsAndWhenOneIsKilledTheOthersTakeOverLosingNothing() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // 16 devices: each of the 4 partitions gets some (10 would leave partition 2 without any, and its holder idle)
        int status = DemoMain.run(List.of("--instances", "3", "--devices", "16", "--rate", "160", "--duration", "12s",
                        "--warm-up", "2s"), Map.of("FLEET_ROOT", ROOT.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);

        String text = out.toString(StandardCharsets.UTF_8);
        try {
            assertThat(status).as("exit status; stdout:%n%s%nstderr:%n%s", text, err).isZero();
            assertThat(text).as(text)
                    .contains("Starting 3 stream-app instances in child JVMs, application id fleet-scoring")
                    .containsPattern("(?m)^  demo-1 ready in [0-9.]+ s \\(pid [0-9]+, ")
                    .containsPattern("(?m)^  demo-3 ready in [0-9.]+ s \\(pid [0-9]+, ")
                    .containsPattern("Partitions of device-events by instance \\(consumer group fleet-scoring\\)\\R"
                            + "  demo-1  [0-9, ]+\\R  demo-2  [0-9, ]+\\R  demo-3  [0-9, ]+\\R")
                    .containsPattern("anomaly v2 scored by every instance \\(demo-1, demo-2, demo-3\\)")
                    .containsPattern("SIGKILLed demo-[123] \\(pid [0-9]+\\), which held partitions? [0-9, ]+ of "
                            + "device-events")
                    .containsPattern("every partition of device-events scored again, [0-9.]+ s after the SIGKILL of "
                            + "demo-[123]; by instance now:")
                    .contains("missing               0")
                    .contains("duplicates            0")
                    .contains("The stream app's 3 instances in the measured run (application id fleet-scoring, "
                            + "partitions of device-events)")
                    .containsPattern("(?m)^  demo-1    +[1-9][0-9,]* scored  partitions [0-9, ]+")
                    .containsPattern("(?m)^  demo-2    +[1-9][0-9,]* scored  partitions [0-9, ]+")
                    .containsPattern("(?m)^  demo-3    +[1-9][0-9,]* scored  partitions [0-9, ]+")
                    .containsPattern("(?m)^  demo-[123] .* until its SIGKILL at [0-9.]+ s$")
                    .containsPattern("(?m)^  failover  [0-9.]+ s from the SIGKILL of demo-[123] until every partition "
                            + "of device-events was scored again$")
                    .contains("dead letters          23  (7 poison records mixed in, 16 events published as another "
                            + "device)")
                    .contains("isolation             OK")
                    .containsPattern("exactly once: OK  \\(each of the [0-9,]+ events got exactly one prediction: "
                            + "[0-9,]+ in the warm-up, 1,920 measured\\)")
                    .contains("Stopping the stream app's instances and the local stack ... done");
        } finally {
            deleteWorkDir(text);
        }
    }

    private static void deleteWorkDir(String output) throws IOException {
        Matcher matcher = WORK_DIR.matcher(output);
        if (!matcher.find()) {
            return;
        }
        FileUtils.deleteDirectory(Path.of(matcher.group(1)).toFile());
    }
}
