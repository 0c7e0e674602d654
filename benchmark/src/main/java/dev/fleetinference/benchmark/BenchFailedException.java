package dev.fleetinference.benchmark;

/** The benchmark could not run a step; the message says which and why. */
class BenchFailedException extends RuntimeException {

    BenchFailedException(String message) {
        super(message);
    }

    BenchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
