/** The model artifact contract: a zipped SavedModel with {@code fleet-model.json}, its checks and its storage. */
package dev.fleetinference.modelregistry.artifacts;
