/** Kafka serdes for Avro records in the Confluent wire format, backed by the Schema Registry. */
package dev.fleetinference.schemas.serde;
