package dev.fleetinference.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientConfigTest {

    @Test
    void appliesDefaultsForAPlainUrl() {
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.of("http://registry:8081");

        assertThat(config.baseUrl()).isEqualTo(URI.create("http://registry:8081"));
        assertThat(config.basicAuth()).isEmpty();
        assertThat(config.maxAttempts()).isEqualTo(4);
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void dropsTrailingSlashesButKeepsAPathPrefix() {
        assertThat(SchemaRegistryClientConfig.of("https://host/registry//").baseUrl())
                .isEqualTo(URI.create("https://host/registry"));
    }

    @Test
    void rejectsValuesNamingTheField() {
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.of("http://registry:8081");

        assertThatIllegalArgumentException().isThrownBy(() -> config.withMaxAttempts(0))
                .withMessageContaining("maxAttempts");
        assertThatIllegalArgumentException().isThrownBy(() -> config.withInitialBackoff(Duration.ofMillis(-1)))
                .withMessageContaining("initialBackoff");
        assertThatIllegalArgumentException().isThrownBy(() -> config.withRequestTimeout(Duration.ZERO))
                .withMessageContaining("requestTimeout");
        assertThatIllegalArgumentException().isThrownBy(() -> config.withBasicAuth("no-colon"))
                .withMessageContaining("basicAuth");
        assertThatNullPointerException().isThrownBy(() -> new SchemaRegistryClientConfig(
                        config.baseUrl(), null, 1, Duration.ZERO, Duration.ofSeconds(1)))
                .withMessageContaining("basicAuth");
        assertThatIllegalArgumentException().isThrownBy(() -> SchemaRegistryClientConfig.of("ftp://registry"))
                .withMessageContaining("baseUrl");
        assertThatIllegalArgumentException().isThrownBy(() -> SchemaRegistryClientConfig.of("registry:8081"))
                .withMessageContaining("baseUrl");
        assertThatIllegalArgumentException().isThrownBy(() -> SchemaRegistryClientConfig.of("http://a b"))
                .withMessageContaining("baseUrl");
        assertThatIllegalArgumentException().isThrownBy(() -> SchemaRegistryClientConfig.of("http://u:p@registry"))
                .withMessageContaining("baseUrl").withMessageNotContaining("u:p");
    }

    @Test
    void keepsThePasswordOutOfToString() {
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.of("http://registry:8081").withBasicAuth("fleet:s3cret");

        assertThat(config.toString()).contains("fleet").doesNotContain("s3cret");
        assertThat(config.basicAuth()).isEqualTo(Optional.of("fleet:s3cret"));
    }
}
