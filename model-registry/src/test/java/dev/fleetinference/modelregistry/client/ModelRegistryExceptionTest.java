package dev.fleetinference.modelregistry.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which failures say the registry may answer later (no answer, a 5xx) rather than that it said no (a 4xx). */
class ModelRegistryExceptionTest {

    @Test
    void noAnswerAndServerErrorsAreUnavailableButARefusalIsAnAnswer() {
        assertThat(failure(ModelRegistryException.NO_RESPONSE, "unreachable").isUnavailable()).isTrue();
        assertThat(failure(503, "store_unavailable").isUnavailable()).isTrue();
        assertThat(failure(404, "version_not_found").isUnavailable()).isFalse();
        assertThat(failure(401, "unauthorized").isUnavailable()).isFalse();
    }

    private static ModelRegistryException failure(int status, String error) {
        return new ModelRegistryException("GET /models/anomaly/versions/1 failed", status, error, null);
    }
}
