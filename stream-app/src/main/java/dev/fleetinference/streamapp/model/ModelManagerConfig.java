package dev.fleetinference.streamapp.model;

import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import dev.fleetinference.modelregistry.catalog.ModelNames;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Which model the manager serves and how it follows the catalog.
 *
 * @param modelName        the registered model whose PRODUCTION version is served
 * @param bootstrapServers the Kafka cluster holding the catalog topic
 * @param catalogTopic     the catalog topic, {@code _model-registry} by default
 * @param pollInterval     longest wait for catalog records before checking for work again (and for a stop)
 * @param catchUpTimeout   how long one attempt to read the catalog to its end at start may take
 * @param firstRetryDelay  wait before retrying a failed catalog read or a retryable load; doubled per failure
 * @param maxRetryDelay    the longest wait between retries
 * @param maxReconnectDelay the longest wait between retries of a load the registry did not answer (or answered with
 *                         a server error): trying costs little then, and the version should follow soon after the
 *                         registry is back
 * @param clientSettings   further Kafka consumer settings for reading the catalog (security, say)
 */
public record ModelManagerConfig(String modelName, String bootstrapServers, String catalogTopic, Duration pollInterval,
                                 Duration catchUpTimeout, Duration firstRetryDelay, Duration maxRetryDelay,
                                 Duration maxReconnectDelay, Map<String, String> clientSettings) {

    public ModelManagerConfig {
        ModelNames.check(modelName);
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(catalogTopic, "catalogTopic");
        requirePositive("pollInterval", pollInterval);
        requirePositive("catchUpTimeout", catchUpTimeout);
        requirePositive("firstRetryDelay", firstRetryDelay);
        requirePositive("maxRetryDelay", maxRetryDelay);
        requirePositive("maxReconnectDelay", maxReconnectDelay);
        if (maxRetryDelay.compareTo(firstRetryDelay) < 0) {
            throw new IllegalArgumentException("maxRetryDelay " + maxRetryDelay + " is shorter than firstRetryDelay "
                    + firstRetryDelay);
        }
        clientSettings = Map.copyOf(clientSettings);
    }

    /**
     * Serves {@code modelName} from the default catalog topic; polls every 500 ms, retries after 1 s up to 5 min, and
     * up to 5 s while the registry does not answer.
     */
    public static ModelManagerConfig of(String modelName, String bootstrapServers) {
        return new ModelManagerConfig(modelName, bootstrapServers, CatalogTopic.DEFAULT_NAME, Duration.ofMillis(500),
                Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(5), Map.of());
    }

    public ModelManagerConfig withRetryDelays(Duration first, Duration max) {
        return new ModelManagerConfig(modelName, bootstrapServers, catalogTopic, pollInterval, catchUpTimeout, first, max,
                maxReconnectDelay, clientSettings);
    }

    public ModelManagerConfig withClientSettings(Map<String, String> settings) {
        return new ModelManagerConfig(modelName, bootstrapServers, catalogTopic, pollInterval, catchUpTimeout,
                firstRetryDelay, maxRetryDelay, maxReconnectDelay, settings);
    }

    /** The delay before retry number {@code failures} (1 for the first): doubling from the first delay, capped. */
    Duration retryDelay(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration delay = firstRetryDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxRetryDelay) > 0 || delay.isNegative() ? maxRetryDelay : delay;
    }

    /** The delay before retry number {@code failures} of a load the registry did not answer: at most {@link #maxReconnectDelay}. */
    Duration reconnectDelay(int failures) {
        Duration delay = retryDelay(failures);
        return delay.compareTo(maxReconnectDelay) > 0 ? maxReconnectDelay : delay;
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
