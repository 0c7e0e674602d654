package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo command's usage, its refusals and its exit statuses; a whole run is in DemoEndToEndTest. */
class DemoMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpExplainsEveryOptionAndExitsZero() {
        int status = run(Map.of(), "--help");

        assertThat(status).isZero();
        assertThat(out()).startsWith("Usage: ./fleet demo").contains("--devices").contains("FLEET_DEVICES")
                .contains("--rate").contains("FLEET_RATE").contains("--duration").contains("FLEET_DURATION")
                .contains("--warm-up").contains("FLEET_WARM_UP").contains("demo.warm-up")
                .contains("--root").contains("FLEET_ROOT").contains("exactly one prediction");
    }

    @Test
    void aBadValueExitsWithTwoNamingTheSetting() {
        int status = run(Map.of(), "--duration", "forever");

        assertThat(status).isEqualTo(2);
        assertThat(err()).startsWith("demo: --duration (FLEET_DURATION, demo.duration) must be a duration");
    }

    @Test
    void aCheckoutWithoutThePackagedStreamAppExitsWithOneSayingHowToBuildItBeforeStartingAnything(
            @TempDir Path root) {
        int status = run(Map.of("FLEET_ROOT", root.toString()));

        assertThat(status).isEqualTo(1);
        assertThat(err()).contains("no packaged stream app at " + root.resolve("stream-app/target/stream-app.jar"))
                .contains("-pl stream-app -am install");
        assertThat(out()).doesNotContain("Starting");
    }

    @Test
    void aCheckoutWithoutTheCommittedModelsExitsWithOne(@TempDir Path root) throws Exception {
        Path target = Files.createDirectories(root.resolve("stream-app/target"));
        Files.writeString(target.resolve("stream-app.jar"), "");
        Files.writeString(target.resolve("classpath.txt"), "");

        int status = run(Map.of(), "--root", root.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err()).contains("no committed model at " + root.resolve("models/anomaly-v1"));
        assertThat(out()).doesNotContain("Starting");
    }

    private int run(Map<String, String> env, String... args) {
        return DemoMain.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
