package dev.fleetinference.streamapp.pipeline;

import dev.fleetinference.streamapp.model.LoadedModel;

/**
 * How rows become scores: by the model, or, for benchmarks only, by a constant in place of the model call, which
 * measures what the pipeline around the model can do (its physical limit on the machine).
 */
public enum ScoringMode {

    /** The model scores every row. */
    MODEL,
    /**
     * Every row scores 0 and the model is not called; the rest of the pipeline is unchanged, but the predictions say
     * so: model {@code constant} version 0, label {@code constant} ({@link Predictions#CONSTANT_LINEAGE}).
     */
    CONSTANT;

    /** One score per row. */
    public float[] score(LoadedModel model, float[][] rows) {
        return this == MODEL ? model.score(rows) : new float[rows.length];
    }
}
