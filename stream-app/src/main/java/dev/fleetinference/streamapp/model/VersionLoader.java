package dev.fleetinference.streamapp.model;

import dev.fleetinference.schemas.ModelVersion;

/** Makes a registered model version ready to score: {@link ModelLoader} in the app, a stand-in in tests. */
@FunctionalInterface
public interface VersionLoader {

    /** The version loaded and warmed up; a {@link ModelLoadException} with the reason otherwise. */
    LoadedModel load(ModelVersion version);
}
