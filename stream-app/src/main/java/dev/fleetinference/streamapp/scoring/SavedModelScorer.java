package dev.fleetinference.streamapp.scoring;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A TensorFlow SavedModel loaded through DJL's TensorFlow engine, scoring batches of feature rows
 * with its {@code serving_default} signature.
 */
public final class SavedModelScorer implements AutoCloseable {

    private final ZooModel<float[][], float[]> model;
    private final int width;

    private SavedModelScorer(ZooModel<float[][], float[]> model, int width) {
        this.model = model;
        this.width = width;
    }

    /** Loads the SavedModel in {@code dir}, whose input takes {@code width} features per row. */
    public static SavedModelScorer load(Path dir, int width) {
        Criteria<float[][], float[]> criteria = Criteria.builder()
                .setTypes(float[][].class, float[].class)
                .optModelPath(dir)
                .optEngine("TensorFlow")
                .optOption("Tags", "serve")
                .optOption("SignatureDefKey", "serving_default")
                .optTranslator(new MatrixTranslator(width))
                .build();
        try {
            return new SavedModelScorer(criteria.loadModel(), width);
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load the TensorFlow SavedModel in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Features per row. */
    public int width() {
        return width;
    }

    /**
     * A predictor for one thread: DJL predictors are not thread-safe, so each scoring thread
     * keeps its own and closes it when done.
     */
    public Predictor<float[][], float[]> newPredictor() {
        return model.newPredictor();
    }

    /** Scores rows with a short-lived predictor; for one-off use, not the hot path. */
    public float[] score(float[][] rows) {
        try (Predictor<float[][], float[]> predictor = newPredictor()) {
            return predictor.predict(rows);
        } catch (TranslateException e) {
            throw new IllegalStateException("TensorFlow failed to score " + rows.length + " rows: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
