/** Client for the Confluent Schema Registry REST API. */
package dev.fleetinference.schemas.registry;
