package dev.fleetinference.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@WithStack
@Timeout(90)
class DevicesCommandTest {

    static TestStack stack;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void connect(TestStack testStack) {
        stack = testStack;
    }

    private int run(String topic, String... args) {
        out.reset();
        err.reset();
        List<String> line = new ArrayList<>(List.of(args));
        if (line.size() > 0 && !line.contains("--help")) {
            line.addAll(List.of("--devices-topic", topic));
        }
        return DevicesMain.run(line, Map.of("FLEET_BOOTSTRAP_SERVERS", stack.bootstrapServers()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anOperatorAddsListsShowsAndRevokesDevicesAndGetsEachDevicesSettingsInAPrivateFile() throws Exception {
        String topic = "_devices-cli-" + UUID.randomUUID();

        assertThat(run(topic, "add", "meter-1", "meter-2", "--cohort", "north", "--write-properties",
                dir.toString())).as(err.toString()).isZero();
        Path file = dir.resolve("meter-1.properties");
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            settings.load(in);
        }
        assertThat(settings.getProperty("fleet.device.id")).isEqualTo("meter-1");
        assertThat(settings.getProperty("fleet.device.signing-key")).hasSize(44);
        assertThat(settings.getProperty("bootstrap.servers")).isEqualTo(stack.bootstrapServers());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        assertThat(run(topic, "add", "meter-1")).isZero();
        assertThat(out()).contains("registered already").contains("devices rotate meter-1");

        assertThat(run(topic, "list")).isZero();
        assertThat(out()).contains("meter-1  ACTIVE  cohort=north").contains("2 devices, 2 active");

        assertThat(run(topic, "revoke", "meter-2")).isZero();
        assertThat(run(topic, "show", "meter-2")).isZero();
        assertThat(out()).contains("meter-2  REVOKED").doesNotContain(settings.getProperty("fleet.device.signing-key"));

        assertThat(run(topic, "show", "nobody")).isEqualTo(DevicesMain.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'nobody' is not registered");
    }

    @Test
    void badCommandLinesAreRefusedWithWhatIsWrong() {
        String topic = "_devices-cli-" + UUID.randomUUID();

        assertThat(run(topic, "add")).isEqualTo(DevicesMain.BAD_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("one or more DEVICE_IDs");
        assertThat(run(topic, "add", "..")).isEqualTo(DevicesMain.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not only dots");
        assertThat(run(topic, "frobnicate")).isEqualTo(DevicesMain.BAD_USAGE);
        assertThat(run(topic, "add", "--help")).isZero();
        assertThat(out()).contains("--write-properties").contains("FLEET_BOOTSTRAP_SERVERS");
    }
}
