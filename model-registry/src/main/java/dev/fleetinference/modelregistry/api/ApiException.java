package dev.fleetinference.modelregistry.api;

/** A request the API refuses, with the HTTP status, the error code and the message it answers with. */
final class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    ApiException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }
}
