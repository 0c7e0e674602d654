package dev.fleetinference.modelregistry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.modelregistry.api.BearerAuth.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerAuthTest {

    private final BearerAuth auth = new BearerAuth("s3cret-token");

    @Test
    void theRightTokenIsAllowedWhateverTheSchemeCase() {
        assertThat(auth.check("Bearer s3cret-token")).isEqualTo(Outcome.ALLOWED);
        assertThat(auth.check("bearer s3cret-token")).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void noBearerCredentialsAtAllIsMissingSoTheAnswerIs401() {
        assertThat(auth.check(null)).isEqualTo(Outcome.MISSING);
        assertThat(auth.check("")).isEqualTo(Outcome.MISSING);
        assertThat(auth.check("Bearer ")).isEqualTo(Outcome.MISSING);
        assertThat(auth.check("Basic dXNlcjpwYXNz")).isEqualTo(Outcome.MISSING);
    }

    @Test
    void anyOtherTokenIsWrongSoTheAnswerIs403() {
        assertThat(auth.check("Bearer s3cret-toke")).isEqualTo(Outcome.WRONG);
        assertThat(auth.check("Bearer s3cret-token2")).isEqualTo(Outcome.WRONG);
        assertThat(auth.check("Bearer S3CRET-TOKEN")).isEqualTo(Outcome.WRONG);
    }

    @Test
    void eitherOfSeveralAcceptedTokensIsAllowedAndNothingElse() {
        BearerAuth readers = new BearerAuth(List.of("read-token", "write-token"));

        assertThat(readers.check("Bearer read-token")).isEqualTo(Outcome.ALLOWED);
        assertThat(readers.check("Bearer write-token")).isEqualTo(Outcome.ALLOWED);
        assertThat(readers.check("Bearer read-tokenwrite-token")).isEqualTo(Outcome.WRONG);
        assertThat(readers.check(null)).isEqualTo(Outcome.MISSING);
    }
}
