package dev.fleetinference.streamapp.model;

import java.util.Optional;

/** The model to score with now; a scoring step leases it for one batch so that a swap cannot close it mid-batch. */
public interface CurrentModel {

    /**
     * Leases the current model until the lease is closed; the model stays open at least that long,
     * even if another one is swapped in meanwhile. {@link IllegalStateException} if no model is loaded yet.
     */
    ModelLease acquire();

    /** Whether a model is loaded, so that {@link #acquire} succeeds. */
    boolean isReady();

    /** The spec of the model {@link #acquire} would lease now; empty until one is loaded. */
    Optional<ModelSpec> current();
}
