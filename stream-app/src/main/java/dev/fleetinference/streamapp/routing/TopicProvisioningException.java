package dev.fleetinference.streamapp.routing;

/** Topics could not be created or confirmed: the cluster, not the event, is at fault, so the event is retried. */
public final class TopicProvisioningException extends RuntimeException {

    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
