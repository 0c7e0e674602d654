/** The device registry's one writer: registration, rotation, revocation and reconciliation of devices. */
package dev.fleetinference.devices.registry;
