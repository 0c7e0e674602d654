package dev.fleetinference.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Which failures say the registry may answer later (no answer, a 5xx) rather than that it said no (a 4xx). */
class SchemaRegistryExceptionTest {

    @Test
    void noAnswerAndServerErrorsAreUnavailableButARefusalIsAnAnswer() {
        assertThat(failure(SchemaRegistryException.NO_RESPONSE).isUnavailable()).isTrue();
        assertThat(failure(503).isUnavailable()).isTrue();
        assertThat(failure(404).isUnavailable()).isFalse();
        assertThat(failure(422).isUnavailable()).isFalse();
    }

    @Test
    void theFirstRegistryFailureAmongTheCausesDecides() {
        SerializationException wrapped = new SerializationException("cannot deserialize", failure(503));

        assertThat(SchemaRegistryException.isUnavailableCause(new IllegalStateException("task failed", wrapped)))
                .isTrue();
        assertThat(SchemaRegistryException.isUnavailableCause(new SerializationException("no", failure(404))))
                .isFalse();
        assertThat(SchemaRegistryException.isUnavailableCause(new IllegalStateException("not the registry")))
                .isFalse();
    }

    private static SchemaRegistryException failure(int status) {
        return new SchemaRegistryException("GET /schemas/ids/7 failed", status, SchemaRegistryException.NO_ERROR_CODE);
    }
}
