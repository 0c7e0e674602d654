package dev.fleetinference.demo;

/** The demo could not run a step: the message says which, with what the user needs to see (a log's tail, say). */
final class DemoFailedException extends RuntimeException {

    DemoFailedException(String message) {
        super(message);
    }

    DemoFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
