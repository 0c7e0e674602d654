package dev.fleetinference.modelregistry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelRegistryClientConfigTest {

    @Test
    void dropsATrailingSlashAndKeepsTheTokenOutOfToString() {
        ModelRegistryClientConfig config = ModelRegistryClientConfig.of("http://127.0.0.1:8082/").withToken("s3cret");

        assertThat(config.baseUrl()).hasToString("http://127.0.0.1:8082");
        assertThat(config.toString()).doesNotContain("s3cret").contains("token=****");
    }

    @Test
    void refusesWhatIsNotAnHttpUrlOrAUsableToken() {
        assertThatThrownBy(() -> ModelRegistryClientConfig.of("ftp://host/")).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> ModelRegistryClientConfig.of("http://host").withToken("two words"))
                .hasMessageContaining("token").hasMessageNotContaining("two words");
    }
}
