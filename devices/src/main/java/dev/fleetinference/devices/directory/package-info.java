/** Reading the device registry's topic: the registry's own listing, and the pipeline's view that follows it. */
package dev.fleetinference.devices.directory;
