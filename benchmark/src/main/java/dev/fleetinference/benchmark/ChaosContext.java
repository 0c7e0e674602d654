package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.LocalStack;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.schemas.ModelVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What every scenario of a chaos run shares: the options, the embedded stack and the run's clients of it, the model
 * versions registered (the first in production), the brokers when the cluster has several, where state goes and where
 * the progress is printed.
 */
record ChaosContext(ChaosOptions options, LocalStack stack, BenchCluster cluster, ModelRegistryClient models,
                    List<ModelVersion> versions, Optional<Brokers> brokers, Path workDir, PrintStream out) {

    ChaosContext {
        versions = List.copyOf(versions);
    }
}
