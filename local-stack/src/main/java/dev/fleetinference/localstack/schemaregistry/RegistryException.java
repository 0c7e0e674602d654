package dev.fleetinference.localstack.schemaregistry;

/** A request the registry refuses, with the HTTP status and Confluent error code it answers with. */
final class RegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    private RegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(String subject, int version) {
        return new RegistryException(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryException schemaNotFound(String what) {
        return new RegistryException(404, 40403, "Schema " + what + " not found.");
    }

    static RegistryException noSubjectCompatibility(String subject) {
        return new RegistryException(404, 40408,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static RegistryException incompatible(String subject, CompatibilityLevel level, String reason) {
        return new RegistryException(409, 40901, "Schema being registered is incompatible with an earlier schema "
                + "for subject \"" + subject + "\" (compatibility " + level + "): " + reason);
    }

    static RegistryException invalidSchema(String reason) {
        return new RegistryException(422, 42201, "Invalid schema: " + reason);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(422, 42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException invalidCompatibility(String level) {
        return new RegistryException(422, 42203, "Invalid compatibility level '" + level + "'. Valid values are "
                + CompatibilityLevel.validValues());
    }

    /** Confluent's answer to missing or wrong credentials. */
    static RegistryException unauthorized() {
        return new RegistryException(401, 40101, "Unauthorized: this request needs the credentials of a schema "
                + "registry user (HTTP basic auth)");
    }

    static RegistryException badRequest(String reason) {
        return new RegistryException(400, 400, reason);
    }

    static RegistryException storeError(String reason, Throwable cause) {
        RegistryException e = new RegistryException(500, 50001, "Error in the backend data store: " + reason);
        e.initCause(cause);
        return e;
    }
}
