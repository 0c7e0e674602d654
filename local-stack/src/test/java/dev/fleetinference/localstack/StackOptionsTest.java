package dev.fleetinference.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackOptionsTest {

    @Test
    void defaultsToTheWellKnownPortsAndATemporaryDirectory() {
        StackOptions options = StackOptions.parse(List.of(), Map.of());

        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.schemaRegistryPort()).isEqualTo(8081);
        assertThat(options.modelRegistryPort()).isEqualTo(8082);
        assertThat(options.registryToken()).isEqualTo("local-dev-token");
        assertThat(options.dataDir()).isEmpty();
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("stack.properties"),
                "kafka.port=1111\nschema-registry.port=2222\ndata.dir=/from/file\nmodel-registry.port=5555\n"
                        + "registry.token=from-file\n");

        StackOptions options = StackOptions.parse(List.of("--config", file.toString(), "--kafka-port=3333"),
                Map.of("FLEET_SCHEMA_REGISTRY_PORT", "4444", "FLEET_REGISTRY_TOKEN", "from-env"));

        assertThat(options.kafkaPort()).isEqualTo(3333);
        assertThat(options.schemaRegistryPort()).isEqualTo(4444);
        assertThat(options.modelRegistryPort()).isEqualTo(5555);
        assertThat(options.registryToken()).isEqualTo("from-env");
        assertThat(options.dataDir()).isEqualTo(Optional.of(Path.of("/from/file")));
    }

    @Test
    void smokeRunsOnFreePortsUnlessPortsAreGiven() {
        assertThat(StackOptions.parse(List.of("--smoke"), Map.of()).kafkaPort()).isZero();
        assertThat(StackOptions.parse(List.of("--smoke"), Map.of()).modelRegistryPort()).isZero();
        assertThat(StackOptions.parse(List.of("--smoke", "--kafka-port", "5555"), Map.of()).kafkaPort()).isEqualTo(5555);
    }

    @Test
    void aBadPortNamesTheSettingEverywhereItCanBeSet() {
        assertThatThrownBy(() -> StackOptions.parse(List.of(), Map.of("FLEET_KAFKA_PORT", "ninety")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka-port").hasMessageContaining("FLEET_KAFKA_PORT")
                .hasMessageContaining("kafka.port").hasMessageContaining("ninety");
    }

    @Test
    void oneBrokerByDefaultAndThreeFromAnyOfTheThreeSources(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("stack.properties"), "kafka.brokers=3\n");

        assertThat(StackOptions.parse(List.of(), Map.of()).brokers()).isEqualTo(1);
        assertThat(StackOptions.parse(List.of("--brokers", "3"), Map.of()).brokers()).isEqualTo(3);
        assertThat(StackOptions.parse(List.of(), Map.of("FLEET_BROKERS", "3")).brokers()).isEqualTo(3);
        assertThat(StackOptions.parse(List.of("--config", file.toString()), Map.of()).brokers()).isEqualTo(3);
    }

    @Test
    void anyOtherNumberOfBrokersIsRefusedNamingTheSetting() {
        for (String brokers : List.of("2", "5", "0", "three")) {
            assertThatThrownBy(() -> StackOptions.parse(List.of("--brokers", brokers), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--brokers").hasMessageContaining("FLEET_BROKERS")
                    .hasMessageContaining("kafka.brokers").hasMessageContaining("must be 1 or 3")
                    .hasMessageContaining("'" + brokers + "'");
        }
    }

    @Test
    void threeBrokersNeedThreeClientPorts() {
        assertThatThrownBy(() -> StackOptions.parse(List.of("--brokers", "3", "--kafka-port", "65534"), Map.of()))
                .hasMessageContaining("--kafka-port").hasMessageContaining("3 ports").hasMessageContaining("65534");
        assertThat(StackOptions.parse(List.of("--brokers", "3", "--kafka-port", "65533"), Map.of()).kafkaPort())
                .isEqualTo(65533);
        assertThat(StackOptions.parse(List.of("--kafka-port", "65535"), Map.of()).kafkaPort()).isEqualTo(65535);
    }

    @Test
    void aTokenOfTheUsersOwnIsCheckedButNeverEchoed() {
        assertThatThrownBy(() -> StackOptions.parse(List.of("--registry-token", "has space"), Map.of()))
                .hasMessageContaining("--registry-token").hasMessageNotContaining("has space");
        assertThat(StackOptions.parse(List.of("--registry-token", "s3cret"), Map.of()).toString())
                .doesNotContain("s3cret");
    }

    @Test
    void anUnknownOptionOrAMissingValueIsAnError() {
        assertThatThrownBy(() -> StackOptions.parse(List.of("--kafak-port", "1"), Map.of()))
                .hasMessageContaining("unknown option '--kafak-port'");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--data-dir"), Map.of()))
                .hasMessageContaining("--data-dir needs a value");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertThatThrownBy(() -> StackOptions.parse(List.of("--config", "/no/such/stack.properties"), Map.of()))
                .hasMessageContaining("/no/such/stack.properties");
    }
}
