package dev.fleetinference.devices.registry;

import java.util.List;

/**
 * What reconciling the registry with the cluster found: each finding a line for the operator, and how many of them
 * it repaired.
 */
public record Drift(List<String> findings, int repaired) {

    public Drift {
        findings = List.copyOf(findings);
    }

    public boolean none() {
        return findings.isEmpty();
    }
}
