package dev.fleetinference.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.simulator.fleet.FleetSimulationConfig;
import dev.fleetinference.simulator.fleet.SendLimit;
import dev.fleetinference.simulator.fleet.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorOptionsTest {

    @Test
    void withNothingGivenItSimulatesFiftyDevicesForThirtySecondsAgainstTheLocalStack() {
        FleetSimulationConfig config = parse(List.of(), Map.of());

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(config.devices()).isEqualTo(50);
        assertThat(config.eventsPerSecond()).isEqualTo(500);
        assertThat(config.limit()).isEqualTo(SendLimit.duration(Duration.ofSeconds(30)));
        assertThat(config.failingShare()).isEqualTo(0.2);
        assertThat(config.grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.topics()).isEqualTo(Topics.DEFAULT);
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.properties"),
                "simulator.devices=7\nsimulator.rate=70\nsimulator.grace=1m\ntopics.events=from-file\n");

        FleetSimulationConfig config = parse(
                List.of("--config", file.toString(), "--rate", "123.5", "--bootstrap-servers=kafka:9092"),
                Map.of("FLEET_DEVICES", "9", "FLEET_SCHEMA_REGISTRY_URL", "http://registry:8081",
                        "FLEET_RATE", "80"));

        assertThat(config.eventsPerSecond()).isEqualTo(123.5);
        assertThat(config.devices()).isEqualTo(9);
        assertThat(config.grace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.topics().events()).isEqualTo("from-file");
        assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://registry:8081");
    }

    @Test
    void eventsAloneSetACountWithoutATimeLimitAndTogetherWithADurationWhicheverComesFirst() {
        assertThat(parse(List.of("--events", "2000"), Map.of()).limit()).isEqualTo(SendLimit.events(2000));
        assertThat(parse(List.of("--events", "2000", "--duration", "5s"), Map.of()).limit())
                .isEqualTo(new SendLimit(OptionalLong.of(2000), Optional.of(Duration.ofSeconds(5))));
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "1.5h, PT1H30M", "PT45S, PT45S", "pt1m, PT1M"})
    void timesAreReadInShortFormsOrIso(String given, String expected) {
        assertThat(parse(List.of("--duration", given), Map.of()).limit().duration()).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--rate|0|--rate (FLEET_RATE, simulator.rate) must be a number of events per second above 0",
            "--rate|fast|--rate (FLEET_RATE, simulator.rate) must be a number of events per second above 0",
            "--devices|0|--devices (FLEET_DEVICES, simulator.devices) must be a whole number from 1 to 9999, got '0'",
            "--failing-share|1.5|--failing-share (FLEET_FAILING_SHARE, simulator.failing-share) must be a share",
            "--duration|0s|--duration (FLEET_DURATION, simulator.duration) must be above zero",
            "--duration|soon|--duration (FLEET_DURATION, simulator.duration) must be a time such as",
            "--grace|-1s|--grace (FLEET_GRACE, simulator.grace) must be",
            "--events|-5|--events (FLEET_EVENTS, simulator.events) must be a whole number from 1",
            "--seed|x|--seed (FLEET_SEED, simulator.seed) must be a whole number, got 'x'",
            "--schema-registry-url|ftp://registry|--schema-registry-url (FLEET_SCHEMA_REGISTRY_URL, "
                    + "schema-registry.url): baseUrl must be an http or https URL",
            "--events-topic|device events|--events-topic (FLEET_EVENTS_TOPIC, topics.events)"})
    void aBadValueFailsNamingTheFlagTheVariableAndTheKey(String flag, String value, String message) {
        assertThatThrownBy(() -> parse(List.of(flag, value), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aBadValueFromTheEnvironmentIsNamedToo() {
        assertThatThrownBy(() -> parse(List.of(), Map.of("FLEET_RATE", "-3")))
                .hasMessageStartingWith("--rate (FLEET_RATE, simulator.rate) must be");
    }

    @Test
    void theSchemaRegistrysBasicAuthIsOptionalAndNeverShows() {
        assertThat(parse(List.of(), Map.of()).schemaRegistryUserInfo()).isEmpty();
        FleetSimulationConfig config = parse(List.of(), Map.of("FLEET_SCHEMA_REGISTRY_USER_INFO", "fleet:pa55word"));

        assertThat(config.schemaRegistryUserInfo()).contains("fleet:pa55word");
        assertThat(config.toString()).doesNotContain("pa55word").contains("fleet:****");
        assertThatThrownBy(() -> parse(List.of("--schema-registry-user-info", "nocolon"), Map.of()))
                .hasMessageStartingWith("--schema-registry-user-info").hasMessageNotContaining("nocolon");
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThatThrownBy(() -> parse(List.of("--speed", "3"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--speed'");
    }

    private static FleetSimulationConfig parse(List<String> args, Map<String, String> env) {
        return SimulatorOptions.parse(args, env).config();
    }
}
