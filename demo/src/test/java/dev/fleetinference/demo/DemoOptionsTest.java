package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoOptionsTest {

    @Test
    void theDefaultsAreFiftyDevicesAtFiveHundredEventsASecondForThirtySecondsAfterFiveOfWarmUpInTheCurrentDirectory() {
        DemoOptions options = DemoOptions.parse(List.of(), Map.of());

        assertThat(options.devices()).isEqualTo(50);
        assertThat(options.eventsPerSecond()).isEqualTo(500);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.warmUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.warmsUp()).isTrue();
        assertThat(options.root()).isEqualTo(Path.of("").toAbsolutePath());
        assertThat(options.modelsDir()).isEqualTo(Path.of("models").toAbsolutePath());
        assertThat(options.expectedEvents()).isEqualTo(15_000);
        assertThat(options.help()).isFalse();
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("demo.properties"),
                "demo.devices=7\ndemo.rate=70\ndemo.duration=7s\ndemo.warm-up=7s\ndemo.root=/from/file\n");

        DemoOptions options = DemoOptions.parse(List.of("--config", file.toString(), "--devices", "10",
                "--duration=2m"), Map.of("FLEET_DEVICES", "20", "FLEET_RATE", "250.5", "FLEET_ROOT", "/checkout"));

        assertThat(options.devices()).isEqualTo(10);
        assertThat(options.eventsPerSecond()).isEqualTo(250.5);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.root()).isEqualTo(Path.of("/checkout"));
        assertThat(options.modelsDir()).isEqualTo(Path.of("/checkout/models"));
        assertThat(DemoOptions.parse(List.of("--config", file.toString()), Map.of()).devices()).isEqualTo(7);
    }

    @Test
    void theWarmUpIsAFlagAVariableOrAKeyParsedLikeTheDuration(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("demo.properties"), "demo.warm-up=7s\n");

        assertThat(DemoOptions.parse(List.of("--warm-up", "2m"), Map.of("FLEET_WARM_UP", "20s")).warmUp())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(DemoOptions.parse(List.of("--warm-up=500ms"), Map.of()).warmUp()).isEqualTo(Duration.ofMillis(500));
        assertThat(DemoOptions.parse(List.of("--config", file.toString()), Map.of("FLEET_WARM_UP", "20s")).warmUp())
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(DemoOptions.parse(List.of("--config", file.toString()), Map.of()).warmUp())
                .isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @CsvSource({"0", "0s", "0ms"})
    void aWarmUpOfZeroMeansNone(String value) {
        DemoOptions options = DemoOptions.parse(List.of("--warm-up", value), Map.of());

        assertThat(options.warmUp()).isZero();
        assertThat(options.warmsUp()).isFalse();
        assertThat(DemoOptions.parse(List.of(), Map.of("FLEET_WARM_UP", value)).warmsUp()).isFalse();
    }

    @Test
    void oneInstanceByDefaultOrUpToEightFromAFlagAVariableOrAKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("demo.properties"), "demo.instances=2\n");

        assertThat(DemoOptions.parse(List.of(), Map.of()).instances()).isEqualTo(1);
        assertThat(DemoOptions.parse(List.of(), Map.of()).failsOver()).isFalse();
        assertThat(DemoOptions.parse(List.of("--instances", "8"), Map.of("FLEET_INSTANCES", "3")).instances())
                .isEqualTo(8);
        assertThat(DemoOptions.parse(List.of("--config", file.toString()), Map.of("FLEET_INSTANCES", "3"))
                .instances()).isEqualTo(3);
        DemoOptions fromFile = DemoOptions.parse(List.of("--config", file.toString()), Map.of());
        assertThat(fromFile.instances()).isEqualTo(2);
        assertThat(fromFile.failsOver()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"0", "9", "three"})
    void anInstanceCountOutsideOneToEightIsRefused(String value) {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--instances", value), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--instances (FLEET_INSTANCES, demo.instances) must be a whole number from 1 "
                        + "to 8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--devices|0|--devices (FLEET_DEVICES, demo.devices) must be a whole number from 1 to 9999, got '0'",
            "--devices|many|--devices (FLEET_DEVICES, demo.devices) must be a whole number from 1 to 9999",
            "--rate|0|--rate (FLEET_RATE, demo.rate) must be a number of events per second above 0",
            "--rate|fast|--rate (FLEET_RATE, demo.rate) must be a number of events per second above 0",
            "--rate|NaN|--rate (FLEET_RATE, demo.rate) must be a number of events per second above 0",
            "--duration|0s|--duration (FLEET_DURATION, demo.duration) must be above zero, got '0s'",
            "--duration|soon|--duration (FLEET_DURATION, demo.duration) must be a duration such as",
            "--warm-up|soon|--warm-up (FLEET_WARM_UP, demo.warm-up) must be a duration such as",
            "--warm-up|5|--warm-up (FLEET_WARM_UP, demo.warm-up) must be a duration such as",
            "--warm-up|-5s|--warm-up (FLEET_WARM_UP, demo.warm-up) must be a duration such as",
    })
    void aBadValueIsRefusedNamingTheFlagTheVariableAndTheKey(String flag, String value, String message) {
        assertThatThrownBy(() -> DemoOptions.parse(List.of(flag, value), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--events", "10"), Map.of()))
                .hasMessage("unknown option '--events' (see --help)");
    }

    @Test
    void helpIsAnsweredEvenWhenAnotherSettingIsBad() {
        assertThat(DemoOptions.parse(List.of("--help"), Map.of("FLEET_RATE", "fast")).help()).isTrue();
        assertThat(DemoOptions.parse(List.of("-h"), Map.of()).help()).isTrue();
    }
}
