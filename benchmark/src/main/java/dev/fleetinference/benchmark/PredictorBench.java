package dev.fleetinference.benchmark;

import dev.fleetinference.streamapp.model.LoadedModel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Times the model alone: the loaded model's DJL predictor scoring batches of real feature rows in a loop on the
 * calling thread, as a stream thread would, with no Kafka around it.
 */
final class PredictorBench {

    private final LoadedModel model;
    private final float[][] rows;

    /** @param rows feature rows in the model's input order; batches cycle through them */
    PredictorBench(LoadedModel model, float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to score");
        }
        this.model = model;
        this.rows = rows.clone();
    }

    /** Scores batches of {@code batchSize} rows for a quarter of {@code duration} untimed, then for {@code duration}. */
    PredictorResult run(int round, int batchSize, Duration duration) {
        float[][][] batches = batches(batchSize);
        loop(batches, duration.dividedBy(4), new Histogram(3));
        Histogram callMicros = new Histogram(3);
        long began = System.nanoTime();
        long calls = loop(batches, duration, callMicros);
        double seconds = (System.nanoTime() - began) / 1e9;
        return new PredictorResult(round, batchSize, calls * batchSize / seconds,
                callMicros.getValueAtPercentile(50), calls);
    }

    private long loop(float[][][] batches, Duration duration, Histogram callMicros) {
        long end = System.nanoTime() + duration.toNanos();
        long calls = 0;
        long now = System.nanoTime();
        while (now < end) {
            float[] scores = model.score(batches[(int) (calls % batches.length)]);
            if (scores.length == 0) {
                throw new IllegalStateException("the model returned no scores");
            }
            long after = System.nanoTime();
            callMicros.recordValue(TimeUnit.NANOSECONDS.toMicros(after - now));
            now = after;
            calls++;
        }
        return calls;
    }

    // built before timing, so the loop times the model call and nothing else
    private float[][][] batches(int batchSize) {
        int count = Math.max(1, Math.min(64, rows.length / batchSize));
        float[][][] batches = new float[count][][];
        for (int b = 0; b < count; b++) {
            float[][] batch = new float[batchSize][];
            for (int i = 0; i < batchSize; i++) {
                batch[i] = rows[(b * batchSize + i) % rows.length];
            }
            batches[b] = batch;
        }
        return batches;
    }

    @Override
    public String toString() {
        return "PredictorBench[" + model.spec().describe() + ", " + rows.length + " rows, first "
                + Arrays.toString(rows[0]) + "]";
    }
}
