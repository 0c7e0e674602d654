package dev.fleetinference.streamapp.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.streamapp.model.ModelLoadException.Reason;
import dev.fleetinference.streamapp.scoring.MatrixTranslator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A SavedModel loaded into TensorFlow through DJL, scoring batches of feature rows from any number
 * of threads. Each calling thread gets its own predictor, since DJL predictors are not thread-safe
 * (STACK.md trap 4); {@link #close} closes them all, the session and the model.
 *
 * <p>{@code close()} must not run while another thread scores: {@link ModelLease}s make sure of it.
 */
public final class LoadedModel implements AutoCloseable {

    static final int WARM_UP_ROWS = 64;
    private static final String ENGINE = "TensorFlow";
    private static final Map<String, String> OPTIONS = Map.of("Tags", "serve", "SignatureDefKey", "serving_default");

    private final ModelSpec spec;
    private final Model model;
    private final MatrixTranslator translator;
    private final SessionCloser sessions;
    // Keyed by thread: a stream thread that dies leaves its predictor here until the model closes.
    private final Map<Thread, Predictor<float[][], float[]>> predictors = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LoadedModel(ModelSpec spec, Model model, SessionCloser sessions) {
        this.spec = spec;
        this.model = model;
        this.translator = new MatrixTranslator(spec.width());
        this.sessions = sessions;
    }

    /**
     * Loads the SavedModel in {@code dir} and checks that its serving signature is the one
     * {@code spec} describes: one input named {@code spec.inputName()} of {@code spec.width()}
     * features per row, one output named {@code spec.outputName()} with one score per row.
     */
    static LoadedModel load(ModelSpec spec, Path dir, SessionCloser sessions) {
        // not through Criteria: it leaves the half-made model of a failed load to the finalizer
        Model model = Model.newInstance(spec.name(), Device.cpu(), ENGINE);
        try {
            model.load(dir, ModelArtifacts.SAVED_MODEL_FILE, OPTIONS);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException(Reason.NOT_LOADABLE, spec,
                    "TensorFlow cannot load the SavedModel: " + e.getMessage(), e);
        }
        LoadedModel loaded = new LoadedModel(spec, model, sessions);
        try {
            loaded.checkSignature();
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }

    public ModelSpec spec() {
        return spec;
    }

    /**
     * One score per row, in order. Each row holds {@link ModelSpec#featureNames()} in that order;
     * a row of another width is refused with an {@link IllegalStateException} naming both widths.
     */
    public float[] score(float[][] rows) {
        if (closed.get()) {
            throw new IllegalStateException(spec.describe() + " is closed; lease the current model instead");
        }
        Predictor<float[][], float[]> predictor = predictors.computeIfAbsent(Thread.currentThread(),
                thread -> model.newPredictor(translator));
        try {
            return predictor.predict(rows);
        } catch (TranslateException e) {
            throw new IllegalStateException(spec.describe() + " failed to score " + rows.length + " rows: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Scores a batch of zero rows once so that TensorFlow builds its executors now rather than on
     * the first real batch, and checks one score per row comes back.
     */
    public void warmUp() {
        float[][] rows = new float[WARM_UP_ROWS][spec.width()];
        float[] scores;
        // a throwaway predictor: the loading thread never scores again
        try (Predictor<float[][], float[]> predictor = model.newPredictor(translator)) {
            scores = predictor.predict(rows);
        } catch (TranslateException | RuntimeException e) {
            throw new ModelLoadException(Reason.NOT_LOADABLE, spec, "a warm-up batch failed: " + e.getMessage(), e);
        }
        if (scores.length != rows.length) {
            throw new ModelLoadException(Reason.SIGNATURE_MISMATCH, spec, "a warm-up batch of " + rows.length
                    + " rows returned " + scores.length + " values; output '" + spec.outputName()
                    + "' must hold one score per row", null);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Closes every predictor this model created, then its TensorFlow session and the model itself; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        predictors.values().forEach(Predictor::close);
        predictors.clear();
        sessions.closeSession(model);
        model.close();
    }

    private void checkSignature() {
        TfSymbolBlock block = (TfSymbolBlock) model.getBlock();
        PairList<String, Shape> inputs = block.describeInput();
        PairList<String, Shape> outputs = block.describeOutput();
        if (inputs.size() != 1 || !inputs.get(0).getKey().equals(spec.inputName())) {
            throw mismatch("its serving signature takes inputs " + inputs.keys() + "; expected one, '"
                    + spec.inputName() + "'");
        }
        Shape input = inputs.get(0).getValue();
        if (input.dimension() != 2 || input.get(1) != spec.width()) {
            throw mismatch("input '" + spec.inputName() + "' has shape " + input + "; the registered signature has "
                    + spec.width() + " features " + spec.featureNames() + ", so it must be (-1, " + spec.width() + ")");
        }
        if (outputs.size() != 1 || !outputs.get(0).getKey().equals(spec.outputName())) {
            throw mismatch("its serving signature has outputs " + outputs.keys() + "; expected one, '"
                    + spec.outputName() + "'");
        }
        Shape output = outputs.get(0).getValue();
        boolean oneScorePerRow = output.dimension() == 1 || output.dimension() == 2 && output.get(1) == 1;
        if (!oneScorePerRow) {
            throw mismatch("output '" + spec.outputName() + "' has shape " + output + "; it must hold one score per row");
        }
    }

    private ModelLoadException mismatch(String problem) {
        return new ModelLoadException(Reason.SIGNATURE_MISMATCH, spec, "the SavedModel does not fit: " + problem, null);
    }
}
