/** The fleet's devices: who they are, how their events prove it, and where the registry keeps them. */
package dev.fleetinference.devices;
