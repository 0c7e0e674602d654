/**
 * The model the pipeline scores with: loaded from the registry, swapped when production changes, leased per batch.
 *
 * <p>A scoring step holds a {@link dev.fleetinference.streamapp.model.ModelLease} for one batch:
 * {@code try (ModelLease lease = currentModel.acquire()) { lease.model().score(rows); }}. A swap
 * never closes a model that a lease still holds.
 */
package dev.fleetinference.streamapp.model;
