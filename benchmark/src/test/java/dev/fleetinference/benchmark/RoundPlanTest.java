package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundPlanTest {

    private static final List<Variant> VARIANTS = List.of(Variant.PASS_THROUGH, Variant.PER_EVENT, Variant.BATCHED);

    @Test
    void eachRoundStartsOnePlaceLaterSoEveryVariantRunsAtEveryPlace() {
        assertThat(RoundPlan.order(VARIANTS, 1)).containsExactly(Variant.PASS_THROUGH, Variant.PER_EVENT,
                Variant.BATCHED);
        assertThat(RoundPlan.order(VARIANTS, 2)).containsExactly(Variant.PER_EVENT, Variant.BATCHED,
                Variant.PASS_THROUGH);
        assertThat(RoundPlan.order(VARIANTS, 3)).containsExactly(Variant.BATCHED, Variant.PASS_THROUGH,
                Variant.PER_EVENT);
        assertThat(RoundPlan.order(VARIANTS, 4)).isEqualTo(RoundPlan.order(VARIANTS, 1));
    }

    @Test
    void oneVariantAlwaysRunsAlone() {
        assertThat(RoundPlan.order(List.of(Variant.BATCHED), 5)).containsExactly(Variant.BATCHED);
    }
}
