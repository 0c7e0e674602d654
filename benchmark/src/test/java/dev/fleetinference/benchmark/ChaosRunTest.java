package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.output.TeeOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run, small: scenarios 1, 3 and 7 on the embedded three-broker stack with three stream-app instances in
 * child JVMs: one instance SIGKILLed under load (the others take over, then it is restarted), then the broker leading
 * the most input partitions SIGKILLed and restarted, then 500 poison records mixed into the load; every good event
 * has exactly one committed prediction, every poison record is a dead letter with its reason.
 */
class ChaosRunTest {

    // the checkout holds the committed models; surefire runs in the module's directory
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int POISON = 500;

    // 179 s on an idle 2-core machine, most of it the ten starts of an instance and the three brokers' start; out of
    // the default suite (the "chaos" tag): on a slower machine the restarted instance overran its 180 s, secured and
    // open alike (docs/faults.md); `./fleet chaos` runs every scenario secured
    @Test
    @Tag("chaos")
    @Timeout(420)
    void aKilledInstanceABrokerLostAndAPoisonFloodLoseAndDoubleNothing(@TempDir Path out)
            throws InterruptedException {
        ChaosOptions options = ChaosOptions.parse(List.of("--scenario", "1,3,7", "--brokers", "3", "--kills", "1",
                "--poison", Integer.toString(POISON), "--settle", "1s", "--outage", "5s", "--rate", "250",
                "--devices", "10", "--insecure", "--out", out.toString(), "--root", ROOT.toString()), Map.of());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // the progress, the table and the notes in the test's output as they come, and kept for the assertions
        List<ScenarioResult> results = new ChaosRun(options, List.of(), new PrintStream(new TeeOutputStream(
                System.out, printed), true, StandardCharsets.UTF_8)).run();

        String progress = printed.toString(StandardCharsets.UTF_8);
        assertThat(results).as(progress).extracting(ScenarioResult::number).containsExactly(1, 3, 7);
        for (ScenarioResult result : results) {
            assertThat(result.failures()).as("scenario %d's failures; %s", result.number(), progress).isEmpty();
            assertThat(result.verdict()).isEqualTo(ScenarioResult.Verdict.PASS);
            ScenarioResult.Figures figures = result.figures().orElseThrow();
            assertThat(figures.events()).as("good events sent").isPositive();
            assertThat(figures.missing()).as("events without a prediction").isZero();
            assertThat(figures.duplicated()).as("predictions beyond one per event").isZero();
            assertThat(figures.predictions()).isEqualTo(figures.events());
        }
        ScenarioResult kill = results.get(0);
        assertThat(kill.recoveries()).as("the failover, then the rejoin").hasSize(2)
                .allSatisfy(recovery -> assertThat(recovery.millis()).as(recovery.fault()).isPresent());
        assertThat(kill.figures().orElseThrow().deadLetters()).isZero();
        ScenarioResult brokerLoss = results.get(1);
        assertThat(brokerLoss.recoveries()).hasSize(1)
                .allSatisfy(recovery -> assertThat(recovery.millis()).as(recovery.fault()).isPresent());
        assertThat(results.get(2).figures().orElseThrow().deadLetters()).as("dead letters of the flood")
                .isEqualTo(POISON);
        assertThat(out.resolve("scenario-1").resolve("chaos-a-2.log")).as("the killed instance restarted").exists();
        assertThat(out.resolve(ChaosRun.TABLE_FILE)).exists();
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("StreamAppMain")))
                .as("stream app JVMs left running").isEmpty();
    }
}
