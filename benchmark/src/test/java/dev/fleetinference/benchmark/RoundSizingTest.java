package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoundSizingTest {

    private final RoundSizing sizing = new RoundSizing(300_000, Duration.ofSeconds(10));

    @Test
    void aVariantNotMeasuredYetGetsTheLeast() {
        assertThat(sizing.events(Variant.BATCHED.label())).isEqualTo(300_000);
    }

    @Test
    void aFastVariantGetsWhatItsLastRateNeedsForTheWindowWithAMargin() {
        sizing.measured(SampleRounds.round(Variant.PASS_THROUGH, 0, 180_000, 70, 150));

        // 10 s at 180,000 events/s is 1.8 M events, the window 90 % of the events, 30 % margin: 2.6 M
        assertThat(sizing.events(Variant.PASS_THROUGH.label())).isCloseTo(2_600_000, within(1));
        assertThat(sizing.events(Variant.BATCHED.label())).as("each variant by its own rate").isEqualTo(300_000);
    }

    @Test
    void aVariantIsSizedByTheFastestRateItMeasured() {
        sizing.measured(SampleRounds.round(Variant.BATCHED, 0, 100_000, 70, 150));
        sizing.measured(SampleRounds.round(Variant.BATCHED, 1, 50_000, 70, 150));

        assertThat(sizing.events(Variant.BATCHED.label())).isCloseTo((int) Math.ceil(100_000 * 10 * 1.3 / 0.9), within(1));
    }

    @Test
    void aSlowVariantKeepsTheLeastAndNoneGetsMoreThanTheCap() {
        sizing.measured(SampleRounds.round(Variant.PER_EVENT, 1, 12_000, 70, 150));
        sizing.measured(SampleRounds.round(Variant.BATCHED, 1, 5_000_000, 70, 150));

        assertThat(sizing.events(Variant.PER_EVENT.label())).isEqualTo(300_000);
        assertThat(sizing.events(Variant.BATCHED.label())).isEqualTo(RoundSizing.MAX_EVENTS);
    }

    @Test
    void aWindowShorterThanAskedIsNotLongEnough() {
        // SampleRounds' windows are 9,000 events over the rate: 0.9 s at 10,000 events/s, 10 s at 900 events/s
        assertThat(sizing.longEnough(SampleRounds.round(Variant.BATCHED, 1, 10_000, 70, 150))).isFalse();
        assertThat(sizing.longEnough(SampleRounds.round(Variant.BATCHED, 1, 900, 70, 150))).isTrue();
    }
}
