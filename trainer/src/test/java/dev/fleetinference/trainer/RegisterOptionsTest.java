package dev.fleetinference.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegisterOptionsTest {

    @Test
    void readsTheRegistryNameDirectoryAndPromotion() {
        RegisterOptions options = RegisterOptions.parse(
                List.of("--registry", "http://127.0.0.1:8082", "--name", "anomaly", "--promote", "models/anomaly-v1"),
                Map.of());

        assertThat(options.registry()).isEqualTo("http://127.0.0.1:8082");
        assertThat(options.name()).isEqualTo("anomaly");
        assertThat(options.modelDir()).isEqualTo(Path.of("models/anomaly-v1"));
        assertThat(options.promote()).isTrue();
        assertThat(options.token()).isEmpty();
    }

    @Test
    void takesTheRegistryAndTokenFromTheEnvironmentWhenNotGiven() {
        RegisterOptions options = RegisterOptions.parse(List.of("--name=anomaly", "dir"),
                Map.of(RegisterOptions.REGISTRY_ENV, "http://registry:8082", RegisterOptions.TOKEN_ENV, "s3cret"));

        assertThat(options.registry()).isEqualTo("http://registry:8082");
        assertThat(options.token()).isEqualTo(Optional.of("s3cret"));
        assertThat(options.promote()).isFalse();
    }

    @Test
    void eachMistakeIsNamed() {
        assertThatThrownBy(() -> RegisterOptions.parse(List.of("--name", "a", "dir"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--registry URL is required")
                .hasMessageContaining(RegisterOptions.REGISTRY_ENV);
        assertThatThrownBy(() -> RegisterOptions.parse(List.of("--registry", "ftp://x", "--name", "a", "dir"), Map.of()))
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> RegisterOptions.parse(List.of("--registry", "http://x", "--name", "a b", "dir"), Map.of()))
                .hasMessageContaining("--name must be");
        assertThatThrownBy(() -> RegisterOptions.parse(List.of("--registry", "http://x", "--name", "a"), Map.of()))
                .hasMessageContaining("model directory DIR is required");
        assertThatThrownBy(() -> RegisterOptions.parse(List.of("--registry", "http://x", "--name", "a", "d1", "d2"), Map.of()))
                .hasMessageContaining("only one model directory");
        assertThatThrownBy(() -> RegisterOptions.parse(List.of("--registery", "http://x"), Map.of()))
                .hasMessageContaining("unknown option '--registery'");
    }
}
