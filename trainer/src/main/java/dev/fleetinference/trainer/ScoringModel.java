package dev.fleetinference.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The serving graph (raw features in, anomaly score out) in its own session: only what inference needs, none of the
 * training ops. It scores through the very signature it exports, so its scores are the SavedModel's.
 */
final class ScoringModel implements AutoCloseable {

    static final String SIGNATURE_KEY = "serving_default";
    static final String INPUT_NAME = "features";
    static final String OUTPUT_NAME = "score";
    // the method name TF Serving and saved_model_cli expect of a predict signature
    private static final String PREDICT_METHOD = "tensorflow/serving/predict";

    private final Graph graph;
    private final Session session;
    private final SessionFunction function;

    ScoringModel(Standardisation scaling, NetworkWeights weights) {
        graph = new Graph();
        Session opened = null;
        try {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> features = tf.withName(INPUT_NAME).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, Examples.FEATURES)));
            Operand<TFloat32> logits = new AnomalyNetwork(tf, weights).logits(tf, scaling.apply(tf, features));
            Operand<TFloat32> score = tf.withName(OUTPUT_NAME).math.sigmoid(logits);
            Signature signature = Signature.builder(SIGNATURE_KEY).methodName(PREDICT_METHOD)
                    .input(INPUT_NAME, features).output(OUTPUT_NAME, score).build();
            opened = SingleThreadedSession.open(graph);
            opened.initialize();
            function = SessionFunction.create(signature, opened);
            session = opened;
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            graph.close();
            throw e;
        }
    }

    /** Scores of {@code rows} rows given flat, row by row, in feature contract order. */
    float[] score(float[] flatRows, int rows) {
        try (TFloat32 input = FeatureTensors.matrix(flatRows, rows, Examples.FEATURES);
             Result result = function.call(Map.of(INPUT_NAME, input))) {
            return FeatureTensors.column((TFloat32) result.get(OUTPUT_NAME).orElseThrow());
        }
    }

    float[] score(Examples examples) {
        return score(examples.flatFeatures(), examples.size());
    }

    /** Writes the SavedModel (tag {@code serve}, signature {@value #SIGNATURE_KEY}) into {@code directory}. */
    void exportTo(Path directory) throws IOException {
        SavedModelBundle.exporter(directory.toString())
                .withTags(SavedModelBundle.DEFAULT_TAG)
                .withFunction(function)
                .export();
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }
}
