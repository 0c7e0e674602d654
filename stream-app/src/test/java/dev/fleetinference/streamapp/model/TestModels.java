package dev.fleetinference.streamapp.model;

import java.nio.file.Path;

/**
 * Real loaded models for tests outside this package, where {@link LoadedModel#load} cannot be reached. Configure
 * TensorFlow first ({@code TensorFlowRuntime.configure(TensorFlowSettings.defaults())}).
 */
public final class TestModels {

    private TestModels() {
    }

    /** The SavedModel in {@code dir} loaded as {@code spec}; the caller closes it, or swaps it in. */
    public static LoadedModel load(ModelSpec spec, Path dir) {
        return LoadedModel.load(spec, dir, new SessionCloser());
    }

    /** A {@link CurrentModel} serving the SavedModel in {@code dir} as {@code spec}; close it after the tests. */
    public static SwappableModel swappable(ModelSpec spec, Path dir) {
        SwappableModel current = new SwappableModel("model '" + spec.name() + "'");
        current.swap(load(spec, dir));
        return current;
    }
}
