/**
 * Trains the fleet anomaly classifier on simulated telemetry with TensorFlow Java and exports it as a SavedModel
 * with the registry's {@code fleet-model.json} metadata and a {@code probe.json} of reference scores.
 */
package dev.fleetinference.trainer;
