package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ACL-scale run, tiny: a secured node, 50 devices in two steps, every figure of the table there and sane. */
class AclScaleMainTest {

    @Test
    @Timeout(240)
    void measuresBothAclStatesAtEveryStepAndWritesTheTable(@TempDir Path out) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int status = AclScaleMain.run(List.of("--quick", "--devices", "50", "--batch", "20", "--window", "1s",
                        "--warm-up", "0s", "--events", "200000", "--round-trips", "20", "--round-trip-rate", "40",
                        "--out", out.toString()), Map.of(),
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(status).as("exit status; stdout:%n%s%nstderr:%n%s", printed, stderr).isZero();
        assertThat(printed).contains("events/s in place", "round trip p50 / p99 ms in place");
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        // the base fleet (the probe and 10 workload devices), then the step at 50
        assertThat(json.get("steps")).hasSize(2);
        assertThat(json.get("steps").get(1).get("devices").asInt()).isEqualTo(50);
        for (JsonNode step : json.get("steps")) {
            assertThat(step.get("aclsInPlace").asInt()).as(step.toString())
                    .isGreaterThan(step.get("aclsNone").asInt());
            assertThat(step.get("inPlacePerSecond").asDouble()).as(step.toString()).isPositive();
            assertThat(step.get("nonePerSecond").asDouble()).as(step.toString()).isPositive();
            assertThat(step.get("pairedRatio").asDouble()).as(step.toString()).isPositive();
            assertThat(step.get("ratioToBase").asDouble()).as(step.toString()).isPositive();
            assertThat(step.get("inPlaceP99Ms").asDouble()).as(step.toString())
                    .isGreaterThanOrEqualTo(step.get("inPlaceP50Ms").asDouble()).isPositive();
            assertThat(step.get("noneP50Ms").asDouble()).as(step.toString()).isPositive();
        }
        // 50 devices: 3 ACLs each, their shared WRITE, and the pipeline's own
        assertThat(json.get("steps").get(1).get("aclsInPlace").asInt()).isGreaterThanOrEqualTo(50 * 3 + 1);
        assertThat(json.get("steps").get(1).get("singleRegisterMs").asDouble()).isPositive();
        assertThat(json.get("measurements")).hasSize(4);
        for (JsonNode measurement : json.get("measurements")) {
            assertThat(measurement.get("roundTrip").get("answered").asInt()).as(measurement.toString())
                    .isEqualTo(measurement.get("roundTrip").get("sent").asInt());
        }
        assertThat(Files.readString(out.resolve("results.md"))).startsWith("| devices |");
    }

    @Test
    void helpNamesTheSettings() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        int status = AclScaleMain.run(List.of("--help"), Map.of(), new PrintStream(stdout, true,
                StandardCharsets.UTF_8), System.err);

        assertThat(status).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("./fleet acl-scale", "--devices", "--steps",
                "--quick");
    }

    @Test
    void stepsBelowTheBaseFleetAreRefused() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int status = AclScaleMain.run(List.of("--steps", "50,1000"), Map.of(), System.out,
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(AclScaleMain.BAD_USAGE);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--steps", "base fleet of 101");
    }
}
