/** The fleet-simulator command ({@link dev.fleetinference.simulator.SimulatorMain}). */
package dev.fleetinference.simulator;
