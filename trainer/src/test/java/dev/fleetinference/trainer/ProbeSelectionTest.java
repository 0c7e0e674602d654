package dev.fleetinference.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProbeSelectionTest {

    @Test
    void picksRowsOfBothClassesAndRowsAcrossTheScoreRange() {
        Examples examples = TinyDatasets.fleet(2, 10, 40);
        float[] scores = new float[examples.size()];
        for (int row = 0; row < scores.length; row++) {
            scores[row] = row / (float) scores.length;
        }

        int[] rows = ProbeSelection.rows(examples, scores);

        assertThat(rows).hasSize(16).doesNotHaveDuplicates();
        assertThat(Arrays.stream(rows).filter(examples::anomalous).count()).isGreaterThanOrEqualTo(4);
        assertThat(Arrays.stream(rows).filter(row -> !examples.anomalous(row)).count()).isGreaterThanOrEqualTo(4);
        for (double low = 0; low < 1; low += 0.125) {
            double from = low;
            assertThat(Arrays.stream(rows).filter(row -> scores[row] >= from && scores[row] < from + 0.125))
                    .as("rows scoring in [%s, %s)", from, from + 0.125).isNotEmpty();
        }
    }

    @Test
    void fewRowsGiveASmallerProbe() {
        Examples examples = TinyDatasets.fleet(2, 4, 10).select(new int[] {0, 1, 2});

        assertThat(ProbeSelection.rows(examples, new float[] {0.1f, 0.5f, 0.9f})).containsExactlyInAnyOrder(0, 1, 2);
    }
}
