package dev.fleetinference.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstSlotIsDueAtTheOriginAndEachNextOneIntervalLater() {
        Pacer pacer = new Pacer(500, Duration.ofSeconds(1), 0);

        assertThat(pacer.take(0, Long.MAX_VALUE)).isEqualTo(1);
        assertThat(pacer.take(1 * MS, Long.MAX_VALUE)).isZero();
        assertThat(pacer.nanosUntilNext(1 * MS)).isEqualTo(1 * MS);
        assertThat(pacer.take(2 * MS, Long.MAX_VALUE)).isEqualTo(1);
        assertThat(pacer.nanosUntilNext(2 * MS)).isEqualTo(2 * MS);
    }

    @Test
    void nothingIsDueBeforeTheOrigin() {
        Pacer pacer = new Pacer(500, Duration.ofSeconds(1), 10 * SECOND);

        assertThat(pacer.take(9 * SECOND, Long.MAX_VALUE)).isZero();
        assertThat(pacer.nanosUntilNext(9 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void aSenderThatAlwaysWakesLateDoesNotDriftOverAMillionSlots() {
        long origin = 123_456_789L;
        Pacer pacer = new Pacer(3, Duration.ofSeconds(1), origin);
        long now = origin;
        long taken = 0;
        while (taken < 1_000_000) {
            taken += pacer.take(now, Long.MAX_VALUE);
            // every wake-up 37 µs late: a sleeper that added intervals would be 37 s behind by now
            now += pacer.nanosUntilNext(now) + 37_000;
        }
        long slotsDueByNow = Math.floorDiv((now - origin) * 3, SECOND) + 1;

        assertThat(taken).isBetween(slotsDueByNow - 1, slotsDueByNow);
        assertThat(pacer.offsetNanos(1_000_000)).isEqualTo(333_333_333_333_334L);
        assertThat(pacer.skipped()).isZero();
    }

    @Test
    void aShortStallIsCaughtUpAtOnce() {
        Pacer pacer = new Pacer(100, Duration.ofSeconds(1), 0);
        pacer.take(0, Long.MAX_VALUE);

        assertThat(pacer.take(300 * MS, Long.MAX_VALUE)).isEqualTo(30);
        assertThat(pacer.skipped()).isZero();
        assertThat(pacer.take(305 * MS, Long.MAX_VALUE)).isZero();
        assertThat(pacer.take(310 * MS, Long.MAX_VALUE)).isEqualTo(1);
    }

    @Test
    void aStallLongerThanTheCatchUpSkipsTheExcessInsteadOfFlooding() {
        Pacer pacer = new Pacer(100, Duration.ofSeconds(1), 0);
        pacer.take(0, Long.MAX_VALUE);

        long burst = pacer.take(5 * SECOND, Long.MAX_VALUE);

        assertThat(pacer.capacity()).isEqualTo(100);
        assertThat(burst).isEqualTo(100);
        assertThat(pacer.skipped()).isEqualTo(400);
        // the schedule itself stays where it was: the next slot is the one due at 5.01 s
        assertThat(pacer.nanosUntilNext(5 * SECOND)).isEqualTo(10 * MS);
        assertThat(pacer.take(5 * SECOND + 10 * MS, Long.MAX_VALUE)).isEqualTo(1);
    }

    @Test
    void noMoreThanTheLimitIsTakenAndTheRestStaysDue() {
        Pacer pacer = new Pacer(1_000, Duration.ofSeconds(1), 0);

        assertThat(pacer.take(9 * MS, 3)).isEqualTo(3);
        assertThat(pacer.take(9 * MS, Long.MAX_VALUE)).isEqualTo(7);
        assertThat(pacer.take(9 * MS, 0)).isZero();
    }

    @Test
    void ratesBelowOneEventASecondWork() {
        Pacer pacer = new Pacer(0.5, Duration.ZERO, 0);

        assertThat(pacer.take(0, Long.MAX_VALUE)).isEqualTo(1);
        assertThat(pacer.nanosUntilNext(0)).isEqualTo(2 * SECOND);
        assertThat(pacer.take(2 * SECOND - 1, Long.MAX_VALUE)).isZero();
        assertThat(pacer.take(2 * SECOND, Long.MAX_VALUE)).isEqualTo(1);
    }

    @Test
    void clockReadingsNearTheEndOfTheLongRangeDoNotOverflow() {
        long origin = Long.MAX_VALUE - 500 * MS;
        Pacer pacer = new Pacer(10, Duration.ofSeconds(1), origin);
        pacer.take(origin, Long.MAX_VALUE);

        // System.nanoTime() may wrap: a second later the reading is negative
        long aSecondLater = origin + SECOND;

        assertThat(aSecondLater).isNegative();
        assertThat(pacer.take(aSecondLater, Long.MAX_VALUE)).isEqualTo(10);
    }

    @Test
    void aRateThatIsNotAboveZeroIsRefused() {
        assertThatThrownBy(() -> new Pacer(0, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0.0");
    }
}
