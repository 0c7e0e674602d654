package dev.fleetinference.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulate command's usage, its refusals and its exit statuses; runs against a real stack are elsewhere. */
class SimulatorMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpExplainsEveryOptionAndExitsZero() {
        int status = run("simulate", "--help");

        assertThat(status).isZero();
        assertThat(out()).contains("Usage: fleet-simulator simulate").contains("--rate").contains("FLEET_RATE")
                .contains("--duration").contains("--events").contains("--failing-share").contains("--grace")
                .contains("FLEET_BOOTSTRAP_SERVERS").contains("FLEET_SCHEMA_REGISTRY_URL");
    }

    @Test
    void aBadValueExitsWithTwoNamingTheSetting() {
        int status = run("simulate", "--rate", "fast");

        assertThat(status).isEqualTo(2);
        assertThat(err()).startsWith("fleet-simulator: --rate (FLEET_RATE, simulator.rate) must be");
    }

    @Test
    void anUnknownCommandOrNoneExitsWithTwo() {
        assertThat(run("simulat")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'simulat'").contains("Usage:");
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void withNoKafkaToTalkToItGivesUpAfterTheStartTimeoutAndExitsWithOne() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int status = run("simulate", "--bootstrap-servers", "127.0.0.1:" + port, "--start-timeout", "2s");

        assertThat(status).isEqualTo(1);
        assertThat(err()).contains("fleet-simulator: cannot start: after 2 s waiting at 127.0.0.1:" + port)
                .contains("Kafka did not answer");
    }

    private int run(String... args) {
        return SimulatorMain.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
