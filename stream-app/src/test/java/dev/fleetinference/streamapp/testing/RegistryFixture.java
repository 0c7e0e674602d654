package dev.fleetinference.streamapp.testing;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.nio.file.Path;
import java.util.UUID;

/** The stack's model registry as these tests drive it: register SavedModel directories and promote them, under fresh names. */
public final class RegistryFixture {

    private final ModelRegistryClient client;

    public RegistryFixture(TestStack stack) {
        this.client = new ModelRegistryClient(ModelRegistryClientConfig.of(stack.modelRegistryUrl())
                .withToken(stack.modelRegistryToken()));
    }

    /** A model name no other test uses. */
    public static String newName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public ModelRegistryClient client() {
        return client;
    }

    public ModelVersion register(String name, Path savedModelDir) {
        return client.register(name, savedModelDir);
    }

    /** Promotes to PRODUCTION; promoting an older version is a rollback. */
    public ModelVersion promote(String name, int version) {
        return client.setStage(name, version, ModelStage.PRODUCTION);
    }
}
