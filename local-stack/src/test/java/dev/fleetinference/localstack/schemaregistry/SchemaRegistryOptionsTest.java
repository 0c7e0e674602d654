package dev.fleetinference.localstack.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistryOptionsTest {

    @Test
    void readsTheRegistrysSettingsFromTheEnvironmentAsAContainerGivesThem() {
        SchemaRegistryConfig config = SchemaRegistryOptions.parse(List.of(), Map.of(
                "FLEET_BOOTSTRAP_SERVERS", "kafka:9092", "FLEET_SCHEMA_REGISTRY_HOST", "0.0.0.0",
                "FLEET_SCHEMA_REGISTRY_PORT", "8081", "FLEET_SCHEMA_REGISTRY_USER_INFO", "fleet:secret"));

        assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.topic()).isEqualTo("_schemas");
        assertThat(config.replicationFactor()).isEqualTo((short) 1);
        assertThat(config.defaultCompatibility()).isEqualTo("BACKWARD");
        assertThat(config.users()).containsExactly(Map.entry("fleet", "secret"));
    }

    @Test
    void opensWritesWhenNoUserIsGiven() {
        assertThat(SchemaRegistryOptions.parse(List.of("--bootstrap-servers", "kafka:9092"), Map.of()).users())
                .isEmpty();
    }

    @Test
    void refusesAMissingClusterAndAUserInfoWithoutAPasswordWithoutEchoingIt() {
        assertThatThrownBy(() -> SchemaRegistryOptions.parse(List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> SchemaRegistryOptions.parse(List.of("--bootstrap-servers", "kafka:9092"),
                Map.of("FLEET_SCHEMA_REGISTRY_USER_INFO", "fleet-without-password")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USER:PASSWORD")
                .hasMessageNotContaining("fleet-without-password");
    }
}
