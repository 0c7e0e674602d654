package dev.fleetinference.trainer;

/** Outcomes of calling every example with a score at or above a threshold anomalous. */
record ConfusionCounts(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    static ConfusionCounts at(double threshold, float[] scores, boolean[] anomalous) {
        if (scores.length != anomalous.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + anomalous.length + " labels");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean flagged = scores[i] >= threshold;
            if (anomalous[i]) {
                tp += flagged ? 1 : 0;
                fn += flagged ? 0 : 1;
            } else {
                fp += flagged ? 1 : 0;
                tn += flagged ? 0 : 1;
            }
        }
        return new ConfusionCounts(tp, fp, tn, fn);
    }

    long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    long positives() {
        return truePositives + falseNegatives;
    }

    /** Share of flagged examples that are anomalous; 0 when nothing is flagged. */
    double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    /** Share of anomalous examples that are flagged. */
    double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    double f1() {
        return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    double accuracy() {
        return ratio(truePositives + trueNegatives, total());
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : numerator / (double) denominator;
    }
}
