package dev.fleetinference.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.simulator.fleet.EchoResponder;
import dev.fleetinference.simulator.fleet.FleetTopics;
import dev.fleetinference.simulator.fleet.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulate command as a user runs it, against a real stack answered by the echo responder. */
@WithStack
@Timeout(60)
class SimulateCommandTest {

    @Test
    void simulatePrintsProgressAndTheReportTableAndExitsZero(TestStack stack) {
        Topics topics = FleetTopics.create(stack, 5, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status;
        int answeredByResponder;
        try (EchoResponder responder = EchoResponder.start(stack, topics, EchoResponder.Options.answeringAll())) {
            status = SimulatorMain.run(List.of("simulate", "--devices", "5", "--events", "300", "--rate", "300",
                            "--failing-share", "0.4", "--grace", "5s", "--events-topic", topics.events(),
                            "--predictions-topic-prefix", topics.predictionsPrefix()),
                    Map.of("FLEET_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
                            "FLEET_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl()),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false);
            answeredByResponder = responder.events().size();
        }

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as("exit status; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(answeredByResponder).isEqualTo(300);
        assertThat(printed).contains("Simulating 5 devices (failing share 0.4) at 300 events/s for 300 events")
                .containsPattern("done +sent 300 +received 300 +in flight 0")
                .contains("devices               5  (2 in a failure mode)")
                .contains("events sent           300  to " + topics.events())
                .contains("answered              300")
                .contains("missing               0  (no answer within 5 s)")
                .contains("by model version      anomaly v1: 150");
    }
}
