package dev.fleetinference.localstack.streamapp;

/** A stream app in a child JVM exited while starting, or was not ready in time; the message ends with its log's tail. */
public final class StreamAppNotReadyException extends RuntimeException {

    StreamAppNotReadyException(String message) {
        super(message);
    }
}
