package dev.fleetinference.modelregistry.client;

/** A registry call that failed, with the HTTP status and the registry's error code and message when it answered. */
public final class ModelRegistryException extends RuntimeException {

    /** {@link #httpStatus()} when no HTTP answer was received. */
    public static final int NO_RESPONSE = -1;

    private final int httpStatus;
    private final String error;

    public ModelRegistryException(String message, int httpStatus, String error, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.error = error;
    }

    /** The HTTP status of the registry's answer, or {@link #NO_RESPONSE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The registry's error code, e.g. {@code version_not_found} or {@code invalid_metadata};
     * {@code unreachable} when there was no answer, {@code transfer_timeout} when a download did not
     * finish in time, {@code bad_response} when the answer made no sense.
     */
    public String error() {
        return error;
    }

    public boolean isNotFound() {
        return httpStatus == 404;
    }

    public boolean isUnreachable() {
        return httpStatus == NO_RESPONSE;
    }

    /** True when the registry did not answer or answered with a server error: it may answer later, unlike a 4xx. */
    public boolean isUnavailable() {
        return isUnreachable() || httpStatus >= 500;
    }
}
