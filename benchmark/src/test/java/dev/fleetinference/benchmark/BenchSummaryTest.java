package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSummaryTest {

    @Test
    void mediansLeaveTheWarmUpRoundOut() {
        BenchSummary summary = BenchSummary.of(SampleRounds.everyVariant(), SampleRounds.predictor(),
                SampleRounds.descriptions());

        assertThat(summary.variants()).extracting(BenchSummary.VariantFigures::variant)
                .containsExactly("pass-through", "per-event", "batched", "batched-constant");
        BenchSummary.VariantFigures passThrough = summary.variants().get(0);
        assertThat(passThrough.rounds()).isEqualTo(2);
        assertThat(passThrough.throughput()).isEqualTo(61_000);
        assertThat(passThrough.throughputMin()).isEqualTo(60_000);
        assertThat(passThrough.throughputMax()).isEqualTo(62_000);
        assertThat(passThrough.p99Ms()).isCloseTo(150, within(1.0));
        assertThat(passThrough.description()).isEqualTo("batch size 1, scoring constant");
    }

    @Test
    void ratiosAreTheMediansOfEachRoundsRatios() {
        BenchSummary summary = BenchSummary.of(SampleRounds.everyVariant(), SampleRounds.predictor(),
                SampleRounds.descriptions());

        // two rounds: the median is the mean of the two rounds' ratios
        assertThat(summary.ratios().get(BenchSummary.BATCHED_OVER_PASS_THROUGH))
                .isCloseTo((57_000 / 60_000.0 + 59_000 / 62_000.0) / 2, within(1e-9));
        assertThat(summary.ratios().get(BenchSummary.BATCHED_OVER_PER_EVENT))
                .isCloseTo((57_000 / 15_000.0 + 59_000 / 17_000.0) / 2, within(1e-9));
        assertThat(summary.ratios().get(BenchSummary.P99_OVER_PASS_THROUGH)).isCloseTo(15, within(1.0));
        assertThat(summary.ratios().get(BenchSummary.BUFFER_OVER_PASS_THROUGH))
                .isCloseTo((58_000 / 60_000.0 + 60_000 / 62_000.0) / 2, within(1e-9));
        assertThat(summary.predictor()).containsEntry(1, 22_000.0).containsEntry(256, 5_200_000.0);
    }

    @Test
    void targetsSayWhetherEachIsMet() {
        BenchSummary summary = BenchSummary.of(SampleRounds.everyVariant(), SampleRounds.predictor(),
                SampleRounds.descriptions());

        assertThat(summary.targets()).extracting(BenchSummary.Target::name, BenchSummary.Target::rule,
                        BenchSummary.Target::met)
                .containsExactly(
                        tuple(BenchSummary.BATCHED_OVER_PASS_THROUGH, ">= 0.9", true),
                        tuple(BenchSummary.BATCHED_OVER_PER_EVENT, ">= 2.5", true),
                        tuple(BenchSummary.P99_OVER_PASS_THROUGH, "<= 25", true));
        assertThat(summary.targetsMet()).isTrue();
    }

    @Test
    void aBatchedRunFarBelowPassThroughMissesTheTarget() {
        List<RoundResult> rounds = List.of(SampleRounds.round(Variant.PASS_THROUGH, 1, 60_000, 70, 150),
                SampleRounds.round(Variant.BATCHED, 1, 30_000, 70, 200));

        BenchSummary summary = BenchSummary.of(rounds, List.of(), SampleRounds.descriptions());

        assertThat(summary.targets()).extracting(BenchSummary.Target::met).containsExactly(false, false);
        assertThat(summary.targetsMet()).isFalse();
    }

    @Test
    void targetsNeedTheVariantsTheyCompare() {
        List<RoundResult> rounds = List.of(SampleRounds.round(Variant.BATCHED, 1, 30_000, 70, 200));

        BenchSummary summary = BenchSummary.of(rounds, List.of(), SampleRounds.descriptions());

        assertThat(summary.ratios()).isEmpty();
        assertThat(summary.targets()).isEmpty();
    }

    @Test
    void securityCostIsTheMedianOfEachRoundsRatioNotTheRatioOfMedians() {
        // round 2 is slow for both (the machine was busy): its ratio is still 0.9
        List<RoundResult> rounds = List.of(
                SampleRounds.round(Variant.BATCHED, 0, 10_000, 70, 200),
                SampleRounds.round(Variant.BATCHED_INSECURE, 0, 40_000, 70, 200),
                SampleRounds.round(Variant.BATCHED, 1, 60_000, 70, 200),
                SampleRounds.round(Variant.BATCHED_INSECURE, 1, 80_000, 70, 200),
                SampleRounds.round(Variant.BATCHED, 2, 27_000, 70, 200),
                SampleRounds.round(Variant.BATCHED_INSECURE, 2, 30_000, 70, 200),
                SampleRounds.round(Variant.BATCHED, 3, 70_000, 70, 200),
                SampleRounds.round(Variant.BATCHED_INSECURE, 3, 82_000, 70, 200));

        BenchSummary summary = BenchSummary.of(rounds, List.of(), SampleRounds.descriptions());

        // rounds 0.75, 0.90, 0.854: median 0.854 (the medians' ratio, 60,000 / 80,000, would say 0.75)
        assertThat(summary.ratios().get(BenchSummary.SECURED_OVER_OPEN)).isCloseTo(70_000 / 82_000.0,
                within(1e-9));
        assertThat(summary.targets()).extracting(BenchSummary.Target::name, BenchSummary.Target::rule,
                BenchSummary.Target::met).containsExactly(tuple(BenchSummary.SECURED_OVER_OPEN, ">= 0.8", true));
    }
}
