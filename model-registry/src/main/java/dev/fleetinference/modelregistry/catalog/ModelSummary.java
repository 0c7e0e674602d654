package dev.fleetinference.modelregistry.catalog;

import java.util.OptionalInt;

/**
 * A model name with its newest version and the version in production.
 *
 * @param name              the model's name
 * @param latestVersion     its highest version number
 * @param productionVersion the version whose stage is PRODUCTION, if any
 */
public record ModelSummary(String name, int latestVersion, OptionalInt productionVersion) {
}
