package dev.fleetinference.streamapp.model;

/** One holder's claim on a model, which stays open until every lease on it is closed. */
public interface ModelLease extends AutoCloseable {

    /** The leased model; {@link IllegalStateException} once this lease is closed. */
    LoadedModel model();

    /** Gives the claim back; closing twice is harmless. */
    @Override
    void close();
}
