package dev.fleetinference.streamapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {

    private final AtomicLong now = new AtomicLong();
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy(2, Duration.ofMinutes(10), now::get);

    @Test
    void replacesFailedThreadsUntilTooManyFailWithinTheWindowThenShutsTheClientDown() {
        assertThat(policy.handle(new IllegalStateException("one"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(policy.handle(new IllegalStateException("two"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        now.addAndGet(Duration.ofMinutes(1).toNanos());

        assertThat(policy.handle(new IllegalStateException("three")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(policy.replaced()).isEqualTo(2);
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        policy.handle(new IllegalStateException("one"));
        policy.handle(new IllegalStateException("two"));
        now.addAndGet(Duration.ofMinutes(11).toNanos());

        assertThat(policy.handle(new IllegalStateException("three"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.replaced()).isEqualTo(3);
    }

    @Test
    void failuresOfTheSurroundingsAreReplacedWithoutCounting() {
        ThreadFailurePolicy lenient = new ThreadFailurePolicy(1, Duration.ofMinutes(10), now::get,
                failure -> failure instanceof UncheckedIOException);

        for (int i = 0; i < 3; i++) {
            assertThat(lenient.handle(new UncheckedIOException(new IOException("registry away"))))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(lenient.handle(new IllegalStateException("one"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(lenient.handle(new IllegalStateException("two"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(lenient.replaced()).isEqualTo(4);
    }
}
