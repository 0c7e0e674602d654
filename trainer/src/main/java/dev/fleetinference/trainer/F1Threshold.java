package dev.fleetinference.trainer;

import java.util.stream.IntStream;

/** Chooses the decision threshold that maximises F1 on a set of scored, labelled examples. */
final class F1Threshold {

    private F1Threshold() {
    }

    /**
     * The threshold ({@code score >= threshold} means anomalous) with the highest F1 on these examples, placed
     * half-way between the lowest flagged score and the highest unflagged one, so that the tiny differences between
     * runtimes scoring the same model do not flip examples at the boundary.
     */
    static double choose(float[] scores, boolean[] anomalous) {
        int n = scores.length;
        if (n != anomalous.length) {
            throw new IllegalArgumentException(n + " scores for " + anomalous.length + " labels");
        }
        long positives = 0;
        for (boolean label : anomalous) {
            positives += label ? 1 : 0;
        }
        if (positives == 0) {
            throw new IllegalArgumentException("cannot choose a threshold without anomalous examples");
        }
        int[] byScoreDescending = IntStream.range(0, n).boxed()
                .sorted((a, b) -> Float.compare(scores[b], scores[a]))
                .mapToInt(Integer::intValue).toArray();
        double bestF1 = -1;
        double bestThreshold = Double.NaN;
        long truePositives = 0;
        int i = 0;
        while (i < n) {
            // flag every example scoring at least scores[byScoreDescending[i]], ties included
            float score = scores[byScoreDescending[i]];
            while (i < n && scores[byScoreDescending[i]] == score) {
                truePositives += anomalous[byScoreDescending[i]] ? 1 : 0;
                i++;
            }
            long flagged = i;
            double f1 = 2.0 * truePositives / (flagged + positives);
            if (f1 > bestF1) {
                bestF1 = f1;
                bestThreshold = i < n ? (score + (double) scores[byScoreDescending[i]]) / 2 : score;
            }
        }
        return bestThreshold;
    }
}
