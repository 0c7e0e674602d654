package dev.fleetinference.schemas.registry;

/** A Schema Registry call that failed, with the HTTP status and the registry's error code when there was a response. */
public final class SchemaRegistryException extends RuntimeException {

    /** {@link #httpStatus()} when no HTTP response was received. */
    public static final int NO_RESPONSE = -1;

    /** {@link #errorCode()} when the response carried no {@code error_code}, or there was no response. */
    public static final int NO_ERROR_CODE = -1;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    /** The HTTP status of the registry's answer, or {@link #NO_RESPONSE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, e.g. 40401 (subject not found), or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** True on HTTP 404: the subject, version or schema id does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** True on HTTP 409: the registry refused a schema as incompatible with the subject's earlier versions. */
    public boolean isIncompatible() {
        return httpStatus == 409;
    }

    /** True when no HTTP response was received: connection failure, timeout or interrupt. */
    public boolean isUnreachable() {
        return httpStatus == NO_RESPONSE;
    }

    /** True when the registry did not answer or answered with a server error: it may answer later, unlike a 4xx. */
    public boolean isUnavailable() {
        return isUnreachable() || httpStatus >= 500;
    }

    /**
     * Whether {@code failure} comes from a registry that was {@linkplain #isUnavailable() unavailable}: the first
     * SchemaRegistryException among its causes decides, so a serializer's wrapping does not hide it.
     */
    public static boolean isUnavailableCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryException registry) {
                return registry.isUnavailable();
            }
        }
        return false;
    }
}
