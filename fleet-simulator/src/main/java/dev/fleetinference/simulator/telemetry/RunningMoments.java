package dev.fleetinference.simulator.telemetry;

/** Mean and standard deviation of a stream of readings, reusable from one window to the next. */
final class RunningMoments {

    private int count;
    private double mean;
    private double squaredDeviations;

    void reset() {
        count = 0;
        mean = 0;
        squaredDeviations = 0;
    }

    // Welford's update: a sensor repeating one value gives exactly 0, where sum-of-squares would leave rounding noise
    void add(double reading) {
        count++;
        double delta = reading - mean;
        mean += delta / count;
        squaredDeviations += delta * (reading - mean);
    }

    double mean() {
        return mean;
    }

    /** Population standard deviation of the readings added since the last reset. */
    double standardDeviation() {
        return count == 0 ? 0 : Math.sqrt(squaredDeviations / count);
    }
}
