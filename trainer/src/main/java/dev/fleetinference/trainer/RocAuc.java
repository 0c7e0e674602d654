package dev.fleetinference.trainer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Area under the ROC curve, computed as the Mann-Whitney U statistic: threshold-free, ties counted as half. */
final class RocAuc {

    private RocAuc() {
    }

    /**
     * The probability that a random anomalous example scores above a random normal one.
     *
     * @throws IllegalArgumentException if the labels hold only one class, where the area is undefined
     */
    static double of(float[] scores, boolean[] anomalous) {
        if (scores.length != anomalous.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + anomalous.length + " labels");
        }
        Integer[] byScore = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(byScore, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < byScore.length) {
            int j = i;
            while (j < byScore.length && scores[byScore[j]] == scores[byScore[i]]) {
                j++;
            }
            // tied scores share the mean of their 1-based ranks i+1..j
            double meanRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (anomalous[byScore[k]]) {
                    positiveRankSum += meanRank;
                    positives++;
                }
            }
            i = j;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("ROC AUC needs both classes, got " + positives + " anomalous and "
                    + negatives + " normal examples");
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
