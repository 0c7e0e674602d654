package dev.fleetinference.streamapp.pipeline;

/** No model can be leased (the app is shutting down): the event must be retried, not filed as unscorable. */
public final class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
