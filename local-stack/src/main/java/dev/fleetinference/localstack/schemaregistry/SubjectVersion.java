package dev.fleetinference.localstack.schemaregistry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * One version of a subject: the global schema id it points to, the schema's canonical text, and when its record
 * was written to the schema log (ms; Confluent's {@code ts}).
 */
record SubjectVersion(String subject, int version, int id, String schema, long timestamp) {

    /**
     * Confluent 8's schema GUID: the MD5 of the schema's text read as a UUID (its {@code MD5.ofSchema}, since our
     * schemas have no references, metadata or rule set). It follows from the content alone, so it is the same in
     * every subject and after every restart, and the same as Confluent's for the same canonical text.
     */
    UUID guid() {
        return guidOf(schema);
    }

    static UUID guidOf(String schema) {
        try {
            ByteBuffer md5 = ByteBuffer.wrap(MessageDigest.getInstance("MD5").digest(schema.getBytes(StandardCharsets.UTF_8)));
            return new UUID(md5.getLong(), md5.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
