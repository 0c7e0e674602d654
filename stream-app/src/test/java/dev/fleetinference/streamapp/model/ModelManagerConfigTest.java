package dev.fleetinference.streamapp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the manager is configured, and how long it waits before trying again. */
class ModelManagerConfigTest {

    @Test
    void retryDelaysDoubleFromTheFirstUpToTheLongest() {
        ModelManagerConfig config = ModelManagerConfig.of("anomaly", "localhost:9092")
                .withRetryDelays(Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(config.retryDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.retryDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.retryDelay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.retryDelay(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.retryDelay(1000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void whileTheRegistryDoesNotAnswerRetriesComeAtMostTheReconnectDelayApart() {
        ModelManagerConfig config = ModelManagerConfig.of("anomaly", "localhost:9092");

        assertThat(config.reconnectDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.reconnectDelay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.reconnectDelay(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.reconnectDelay(20)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.retryDelay(20)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theDefaultsFollowTheRegistrysTopic() {
        ModelManagerConfig config = ModelManagerConfig.of("anomaly", "localhost:9092");

        assertThat(config.catalogTopic()).isEqualTo("_model-registry");
        assertThat(config.retryDelay(1)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anInvalidModelNameOrDelayIsRefusedNamingIt() {
        assertThatThrownBy(() -> ModelManagerConfig.of("no spaces", "localhost:9092"))
                .hasMessageContaining("'no spaces'");
        assertThatThrownBy(() -> ModelManagerConfig.of("anomaly", "localhost:9092")
                .withRetryDelays(Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .hasMessageContaining("maxRetryDelay");
    }
}
