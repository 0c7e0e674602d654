/** The Java client of the model registry: register, list, promote and download with sha256 verification. */
package dev.fleetinference.modelregistry.client;
