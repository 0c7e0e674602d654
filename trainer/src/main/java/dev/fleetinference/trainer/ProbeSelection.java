package dev.fleetinference.trainer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the held-out rows for {@code probe.json}: typical rows of both classes, and rows whose scores spread across
 * (0, 1). A well-trained model scores most rows near 0 or 1, where the sigmoid hides differences in the logit; the
 * rows in between are where another runtime's mismatch would show, and would flip decisions.
 */
final class ProbeSelection {

    static final int TYPICAL_PER_CLASS = 4;
    static final int SPREAD_OVER_SCORES = 8;

    private ProbeSelection() {
    }

    /** Up to 16 distinct row indices of {@code examples}, whose model scores are {@code scores}. */
    static int[] rows(Examples examples, float[] scores) {
        Set<Integer> picked = new LinkedHashSet<>();
        picked.addAll(evenlySpread(examples, true));
        picked.addAll(evenlySpread(examples, false));
        for (int k = 0; k < SPREAD_OVER_SCORES; k++) {
            double target = (k + 0.5) / SPREAD_OVER_SCORES;
            int closest = -1;
            for (int row = 0; row < scores.length; row++) {
                if (!picked.contains(row)
                        && (closest < 0 || Math.abs(scores[row] - target) < Math.abs(scores[closest] - target))) {
                    closest = row;
                }
            }
            if (closest >= 0) {
                picked.add(closest);
            }
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Integer> evenlySpread(Examples examples, boolean anomalous) {
        List<Integer> matching = new ArrayList<>();
        for (int row = 0; row < examples.size(); row++) {
            if (examples.anomalous(row) == anomalous) {
                matching.add(row);
            }
        }
        List<Integer> picked = new ArrayList<>();
        int count = Math.min(TYPICAL_PER_CLASS, matching.size());
        for (int k = 0; k < count; k++) {
            picked.add(matching.get((int) ((long) k * matching.size() / count)));
        }
        return picked;
    }
}
