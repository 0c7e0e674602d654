package dev.fleetinference.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    static final Setting PORT = Setting.of("--port", "FLEET_PORT", "port").withDefault("8082");
    static final Setting NAME = Setting.of("--name", "FLEET_NAME", "name");
    static final Setting LIMIT = Setting.of("--limit", "FLEET_LIMIT", "limit").withDefault("256MiB");
    static final List<Setting> ALL = List.of(PORT, NAME, LIMIT);

    private static Settings parse(List<String> args, Map<String, String> env) {
        return Settings.parse(args, env, ALL, Set.of("--help", "--smoke"));
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "port=1111\nname=from-file\nlimit=1KiB\n");

        Settings settings = parse(List.of("--config", file.toString(), "--port=3333"), Map.of("FLEET_NAME", "from-env"));

        assertThat(settings.port(PORT)).isEqualTo(3333);
        assertThat(settings.required(NAME)).isEqualTo("from-env");
        assertThat(settings.size(LIMIT)).isEqualTo(1024);
        assertThat(parse(List.of(), Map.of()).port(PORT)).isEqualTo(8082);
        assertThat(parse(List.of(), Map.of()).size(LIMIT)).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void theConfigFileMayComeFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "name=filed\n");

        assertThat(parse(List.of(), Map.of("FLEET_CONFIG", file.toString())).value(NAME)).isEqualTo(Optional.of("filed"));
    }

    @Test
    void switchesAreSeenAndBlankValuesCountAsNotGiven() {
        Settings settings = parse(List.of("--smoke", "--name", " "), Map.of());

        assertThat(settings.has("--smoke")).isTrue();
        assertThat(settings.has("--help")).isFalse();
        assertThat(settings.given(NAME)).isEmpty();
    }

    @Test
    void aBadValueNamesTheFlagTheVariableAndTheKey() {
        assertThatThrownBy(() -> parse(List.of(), Map.of("FLEET_PORT", "ninety")).port(PORT))
                .hasMessage("--port (FLEET_PORT, port) must be a port number 0-65535, got 'ninety'");
        assertThatThrownBy(() -> parse(List.of("--limit", "12 apples"), Map.of()).size(LIMIT))
                .hasMessageContaining("--limit (FLEET_LIMIT, limit) must be a size");
        assertThatThrownBy(() -> parse(List.of(), Map.of()).required(NAME))
                .hasMessage("--name (FLEET_NAME, name) is required");
    }

    @Test
    void unknownRepeatedAndValuelessOptionsAreErrors() {
        assertThatThrownBy(() -> parse(List.of("--prot", "1"), Map.of())).hasMessageContaining("unknown option '--prot'");
        assertThatThrownBy(() -> parse(List.of("--port", "1", "--port", "2"), Map.of()))
                .hasMessageContaining("--port is given more than once");
        assertThatThrownBy(() -> parse(List.of("--name"), Map.of())).hasMessageContaining("--name needs a value");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertThatThrownBy(() -> parse(List.of("--config", "/no/such/app.properties"), Map.of()))
                .hasMessageContaining("/no/such/app.properties").hasMessageContaining("--config (FLEET_CONFIG)");
    }

    @Test
    void aBlankValueHidesWeakerSourcesAndCanBeRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "name=from-file\n");

        Settings settings = parse(List.of("--config", file.toString()), Map.of("FLEET_NAME", ""));

        assertThat(settings.given(NAME)).isEmpty();
        assertThat(settings.givenBlank(NAME)).isTrue();
        assertThatThrownBy(() -> settings.requiredNotBlank(NAME)).hasMessage("--name (FLEET_NAME, name) is set but empty");
        assertThat(parse(List.of(), Map.of()).givenBlank(NAME)).isFalse();
    }

    @Test
    void durationsTakeAUnitAndABadOneIsNamed() {
        assertThat(parse(List.of("--name", "500ms"), Map.of()).duration(NAME)).isEqualTo(Duration.ofMillis(500));
        assertThat(parse(List.of("--name", "7d"), Map.of()).duration(NAME)).isEqualTo(Duration.ofDays(7));
        assertThat(parse(List.of("--name", "2h"), Map.of()).duration(NAME)).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> parse(List.of("--name", "7 days"), Map.of()).duration(NAME))
                .hasMessageContaining("--name (FLEET_NAME, name) must be a duration");
    }

    @Test
    void aListOfDurationsKeepsItsOrderAndABadItemOrAnEmptyOneIsNamed() {
        assertThat(parse(List.of("--name", "20ms, 10ms,1s"), Map.of()).durations(NAME))
                .containsExactly(Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofSeconds(1));
        assertThatThrownBy(() -> parse(List.of("--name", "20ms,fast"), Map.of()).durations(NAME))
                .hasMessageContaining("--name (FLEET_NAME, name) must be a duration").hasMessageContaining("'fast'");
        assertThatThrownBy(() -> parse(List.of("--name", "20ms,"), Map.of()).durations(NAME))
                .hasMessageContaining("--name (FLEET_NAME, name) must be a duration");
    }

    @Test
    void entriesOfTheFileUnderAPrefixPassThroughWithoutIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"),
                "name=n\nkafka.security.protocol=SASL_PLAINTEXT\nkafka.linger.ms= 5\nkafka.=x\n");

        Settings settings = parse(List.of("--config", file.toString()), Map.of());

        assertThat(settings.fileEntries("kafka."))
                .containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_PLAINTEXT", "linger.ms", "5"));
    }
}
