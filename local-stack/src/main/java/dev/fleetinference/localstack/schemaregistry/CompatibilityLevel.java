package dev.fleetinference.localstack.schemaregistry;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}. */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    static CompatibilityLevel parse(String value) {
        if (value == null) {
            throw RegistryException.invalidCompatibility("null");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidCompatibility(value);
        }
    }

    static String validValues() {
        return Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    /**
     * Why {@code candidate} may not join a subject whose schemas are {@code existing} (oldest first),
     * or empty when it may. Transitive levels check every earlier schema, the others only the latest.
     */
    Optional<String> violation(Schema candidate, List<Schema> existing) {
        if (existing.isEmpty() || this == NONE) {
            return Optional.empty();
        }
        List<Schema> against = transitive ? existing : List.of(existing.get(existing.size() - 1));
        for (Schema earlier : against) {
            if (newReadsOld) {
                Optional<String> problem = problem(candidate, earlier, "the new schema cannot read data written with");
                if (problem.isPresent()) {
                    return problem;
                }
            }
            if (oldReadsNew) {
                Optional<String> problem = problem(earlier, candidate, "data written with the new schema cannot be read by");
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(Schema reader, Schema writer, String relation) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return Optional.empty();
        }
        String details = result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .collect(Collectors.joining("; "));
        return Optional.of(relation + " an earlier version: " + details);
    }
}
