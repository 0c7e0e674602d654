package dev.fleetinference.schemas.serde;

import java.util.Objects;
import java.util.UUID;

/** Which registered schema a record was written with: its numeric id, or the GUID Confluent 8 can name instead. */
sealed interface SchemaRef {

    /** A registry's global schema id, as in the wire format's prefix or a version-0 header. */
    record Id(int id) implements SchemaRef {
        @Override
        public String toString() {
            return "schema id " + id;
        }
    }

    /** Confluent 8's schema GUID, derived from the schema's content, as in a version-1 header. */
    record Guid(UUID guid) implements SchemaRef {
        public Guid {
            Objects.requireNonNull(guid, "guid");
        }

        @Override
        public String toString() {
            return "schema GUID " + guid;
        }
    }
}
