package dev.fleetinference.localstack.schemaregistry;

/** One version of a subject: the global schema id it points to and the schema's canonical text. */
record SubjectVersion(String subject, int version, int id, String schema) {
}
