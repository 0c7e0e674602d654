package dev.fleetinference.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryOptionsTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "FLEET_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
            "FLEET_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081",
            "FLEET_REGISTRY_STORE_DIR", "/var/lib/models",
            "FLEET_REGISTRY_TOKEN", "s3cret",
            "FLEET_REGISTRY_READ_TOKEN", "r3ad");

    @Test
    void theRequiredSettingsAreEnoughAndTheRestHasDefaults() {
        ModelRegistryConfig config = RegistryOptions.parse(List.of(), REQUIRED);

        assertThat(config.port()).isEqualTo(8082);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.storeDir()).isEqualTo(Path.of("/var/lib/models"));
        assertThat(config.writeToken()).isEqualTo("s3cret");
        assertThat(config.readToken()).contains("r3ad");
        assertThat(config.schemaRegistryUserInfo()).isEmpty();
        assertThat(config.maxUploadBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(config.topic()).isEqualTo("_model-registry");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("registry.properties"),
                "registry.port=1111\nregistry.max-entries=10\nregistry.max-upload-bytes=64MiB\nregistry.topic=_from_file\n");
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put("FLEET_REGISTRY_PORT", "2222");
        env.put("FLEET_REGISTRY_MAX_ENTRIES", "20");

        ModelRegistryConfig config = RegistryOptions.parse(List.of("--config", file.toString(), "--port=3333"), env);

        assertThat(config.port()).isEqualTo(3333);
        assertThat(config.maxEntries()).isEqualTo(20);
        assertThat(config.maxUploadBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.topic()).isEqualTo("_from_file");
    }

    @Test
    void aMissingTokenStopsTheStartNamingEveryWayToSetIt() {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.remove("FLEET_REGISTRY_TOKEN");

        assertThatThrownBy(() -> RegistryOptions.parse(List.of(), env))
                .hasMessageContaining("--token").hasMessageContaining("FLEET_REGISTRY_TOKEN")
                .hasMessageContaining("registry.token").hasMessageContaining("required");
    }

    @Test
    void aMissingReadTokenStopsTheStartNamingEveryWayToSetIt() {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.remove("FLEET_REGISTRY_READ_TOKEN");

        assertThatThrownBy(() -> RegistryOptions.parse(List.of(), env))
                .hasMessageContaining("--read-token").hasMessageContaining("FLEET_REGISTRY_READ_TOKEN")
                .hasMessageContaining("registry.read-token").hasMessageContaining("required");
    }

    @Test
    void aReadTokenThatIsTheWriteTokenIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> RegistryOptions.parse(List.of("--read-token", "s3cret"), REQUIRED))
                .hasMessageContaining("--read-token").hasMessageContaining("must differ")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theSchemaRegistryUserInfoIsReadFromItsVariable() {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put("FLEET_SCHEMA_REGISTRY_USER_INFO", "models:pw");

        assertThat(RegistryOptions.parse(List.of(), env).schemaRegistryUserInfo()).contains("models:pw");
        env.put("FLEET_SCHEMA_REGISTRY_USER_INFO", "no-colon");
        assertThatThrownBy(() -> RegistryOptions.parse(List.of(), env))
                .hasMessageContaining("--schema-registry-user-info").hasMessageNotContaining("no-colon");
    }

    @Test
    void aBadValueNamesTheSettingAndTheValue() {
        assertThatThrownBy(() -> RegistryOptions.parse(List.of("--max-upload-bytes", "lots"), REQUIRED))
                .hasMessageContaining("--max-upload-bytes").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> RegistryOptions.parse(List.of("--port", "99999"), REQUIRED))
                .hasMessageContaining("--port (FLEET_REGISTRY_PORT, registry.port)").hasMessageContaining("99999");
        assertThatThrownBy(() -> RegistryOptions.parse(List.of("--topic", "bad topic"), REQUIRED))
                .hasMessageContaining("--topic").hasMessageContaining("bad topic");
        assertThatThrownBy(() -> RegistryOptions.parse(List.of("--prot", "1"), REQUIRED))
                .hasMessageContaining("unknown option '--prot'");
    }
}
