package dev.fleetinference.localstack.kafka;

/** The embedded broker did not start; the message ends with the tail of its log. */
public final class BrokerStartException extends RuntimeException {

    public BrokerStartException(String message, String logTail) {
        super(message + "\n--- last lines of the broker log ---\n" + logTail);
    }
}
