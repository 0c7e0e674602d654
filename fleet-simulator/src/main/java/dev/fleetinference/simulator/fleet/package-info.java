/**
 * The simulated fleet on Kafka: devices that publish {@code FeatureEvent}s at a paced total rate, read their own
 * predictions topics, and the tracking of every round trip into a {@link dev.fleetinference.simulator.fleet.SimulationReport}.
 * Start with {@link dev.fleetinference.simulator.fleet.FleetSimulation}.
 */
package dev.fleetinference.simulator.fleet;
