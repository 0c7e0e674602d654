package dev.fleetinference.benchmark;

/**
 * The model alone (DJL, one thread) at one batch size, in one round.
 *
 * @param round         1 on
 * @param batchSize     rows per call
 * @param rowsPerSecond rows scored per second
 * @param callP50Micros the median call, in microseconds
 * @param calls         calls timed
 */
record PredictorResult(int round, int batchSize, double rowsPerSecond, double callP50Micros, long calls) {
}
