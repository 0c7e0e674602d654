package dev.fleetinference.demo;

import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The committed models on the stack's model registry: {@code anomaly-v1} in production, {@code anomaly-v2} waiting. */
final class DemoModels {

    static final String NAME = "anomaly";
    static final List<String> DIRECTORIES = List.of("anomaly-v1", "anomaly-v2");
    private static final String METADATA_FILE = "fleet-model.json";

    private final ModelRegistryClient client;
    private final ModelVersion first;
    private final ModelVersion second;

    private DemoModels(ModelRegistryClient client, ModelVersion first, ModelVersion second) {
        this.client = client;
        this.first = first;
        this.second = second;
    }

    /** Fails, before anything is started, if {@code modelsDir} does not hold both committed models. */
    static void check(Path modelsDir) {
        for (String directory : DIRECTORIES) {
            Path model = modelsDir.resolve(directory);
            if (!Files.isRegularFile(model.resolve(ModelArtifacts.SAVED_MODEL_FILE))
                    || !Files.isRegularFile(model.resolve(METADATA_FILE))) {
                throw new DemoFailedException("no committed model at " + model + " (" + ModelArtifacts.SAVED_MODEL_FILE
                        + " and " + METADATA_FILE + "); run the demo from the checkout or give --root");
            }
        }
    }

    /** Uploads both models (zipped as the trainer's register command does) and promotes the first to PRODUCTION. */
    static DemoModels register(String registryUrl, String token, Path modelsDir) {
        ModelRegistryClient client = new ModelRegistryClient(ModelRegistryClientConfig.of(registryUrl).withToken(token));
        ModelVersion first = client.register(NAME, modelsDir.resolve(DIRECTORIES.get(0)));
        ModelVersion second = client.register(NAME, modelsDir.resolve(DIRECTORIES.get(1)));
        first = client.setStage(NAME, first.getVersion(), ModelStage.PRODUCTION);
        return new DemoModels(client, first, second);
    }

    ModelVersion first() {
        return first;
    }

    ModelVersion second() {
        return second;
    }

    /** Promotes the second model to PRODUCTION, which archives the first; returns it as promoted. */
    ModelVersion promoteSecond() {
        return client.setStage(NAME, second.getVersion(), ModelStage.PRODUCTION);
    }
}
