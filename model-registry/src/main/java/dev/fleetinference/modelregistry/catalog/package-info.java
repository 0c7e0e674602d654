/** The catalog of model versions: state rebuilt from the compacted {@code _model-registry} topic and written through it. */
package dev.fleetinference.modelregistry.catalog;
