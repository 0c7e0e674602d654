package dev.fleetinference.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelRegistryConfigTest {

    private final ModelRegistryConfig local = ModelRegistryConfig.local("127.0.0.1:9092", "http://127.0.0.1:8081",
            Path.of("/tmp/store"), "s3cret");

    @Test
    void localDefaultsBindToLoopbackOnAFreePortWithTheDocumentedLimits() {
        assertThat(local.host()).isEqualTo("127.0.0.1");
        assertThat(local.port()).isZero();
        assertThat(local.topic()).isEqualTo("_model-registry");
        assertThat(local.maxUploadBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(local.maxUnzippedBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(local.maxEntries()).isEqualTo(10_000);
    }

    @Test
    void everyBadValueIsRefusedWithAMessageThatStartsWithItsName() {
        assertThatThrownBy(() -> local.withPort(70_000)).hasMessageStartingWith("port ");
        assertThatThrownBy(() -> local.withTopic("not a topic")).hasMessageStartingWith("topic ");
        assertThatThrownBy(() -> ModelRegistryConfig.local("", "http://x", Path.of("s"), "t"))
                .hasMessageStartingWith("bootstrapServers ");
        assertThatThrownBy(() -> ModelRegistryConfig.local("k:9092", "nonsense", Path.of("s"), "t"))
                .hasMessageStartingWith("schemaRegistryUrl ");
        assertThatThrownBy(() -> ModelRegistryConfig.local("k:9092", "http://x", null, "t"))
                .hasMessageStartingWith("storeDir ");
        assertThatThrownBy(() -> ModelRegistryConfig.local("k:9092", "http://x", Path.of("s"), " "))
                .hasMessageStartingWith("writeToken ");
        assertThatThrownBy(() -> new ModelRegistryConfig("k:9092", "http://x", "127.0.0.1", 0, Path.of("s"), "t",
                0, 1, 1, "_model-registry")).hasMessageStartingWith("maxUploadBytes ");
    }

    @Test
    void theCatalogTopicTakesTheClustersReplicationUnlessOneIsGiven() {
        assertThat(local.replicationFactor()).isEmpty();
        assertThat(local.withReplicationFactor((short) 3).replicationFactor()).contains((short) 3);
        assertThatThrownBy(() -> local.withReplicationFactor((short) 0)).hasMessageStartingWith("replicationFactor ");
    }

    @Test
    void theTokensAndThePasswordNeverAppearInToString() {
        assertThat(local.toString()).doesNotContain("s3cret").contains("writeToken=****");
        String secured = local.withReadToken("r3ad-token").withSchemaRegistryUserInfo("models:pa55").toString();
        assertThat(secured).doesNotContain("s3cret", "r3ad-token", "pa55").contains("readToken=****", "models:****");
    }

    @Test
    void readsAreOpenUnlessAReadTokenIsGivenWhichMustDifferFromTheWriteToken() {
        assertThat(local.readToken()).isEmpty();
        assertThat(local.withReadToken("r3ad").readToken()).contains("r3ad");
        assertThatThrownBy(() -> local.withReadToken("s3cret")).hasMessageStartingWith("readToken ")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> local.withReadToken("has space")).hasMessageStartingWith("readToken ");
        assertThatThrownBy(() -> local.withSchemaRegistryUserInfo("nocolon"))
                .hasMessageStartingWith("schemaRegistryUserInfo ");
    }
}
