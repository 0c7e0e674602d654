package dev.fleetinference.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.localstack.testing.WithStack;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.modelregistry.client.ModelRegistryException;
import dev.fleetinference.modelregistry.testing.TestModels;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.registry.SchemaRegistryException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secured stack's registries: the model registry's reads need its read token, the schema registry's writes its user. */
@WithStack(secured = true)
class SecuredRegistriesTest {

    @TempDir
    Path dir;

    @Test
    void theModelRegistryServesArtifactsOnlyWithTheStacksReadTokenOrTheWriteToken(TestStack stack) {
        assertThat(stack.modelRegistryReadToken()).isPresent();
        ModelRegistryClientConfig config = ModelRegistryClientConfig.of(stack.modelRegistryUrl());
        ModelVersion version = new ModelRegistryClient(config.withToken(stack.modelRegistryToken()))
                .register("secured-" + UUID.randomUUID(), TestModels.standIn(dir.resolve("m"), "secured",
                        TestModels.metadata()));

        assertThatThrownBy(() -> new ModelRegistryClient(config).download(version, dir.resolve("anonymous.zip")))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        new ModelRegistryClient(config.withToken(stack.modelRegistryReadToken().orElseThrow()))
                .download(version, dir.resolve("reader.zip"));
        assertThat(dir.resolve("reader.zip")).exists();
    }

    @Test
    void theSchemaRegistryTakesWritesOnlyFromTheStacksUserAndReadsFromAnyone(TestStack stack) {
        assertThat(stack.schemaRegistryUserInfo()).isPresent();
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()).withMaxAttempts(1);
        String subject = "secured-" + UUID.randomUUID() + "-value";

        assertThatThrownBy(() -> new SchemaRegistryClient(config).register(subject, FeatureEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        int id = new SchemaRegistryClient(config.withBasicAuth(stack.schemaRegistryUserInfo().orElseThrow()))
                .register(subject, FeatureEvent.getClassSchema());

        assertThat(new SchemaRegistryClient(config).getById(id)).isEqualTo(FeatureEvent.getClassSchema());
    }
}
