/**
 * Seeded, physically plausible telemetry of a fleet of machines with labelled failure modes: each sample summarises
 * one minute of a device's sensors as the eight features of the
 * {@link dev.fleetinference.simulator.telemetry.FeatureNames} contract.
 */
package dev.fleetinference.simulator.telemetry;
