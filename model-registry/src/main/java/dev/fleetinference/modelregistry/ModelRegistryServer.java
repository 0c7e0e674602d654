package dev.fleetinference.modelregistry;

import dev.fleetinference.modelregistry.api.ModelRegistryApi;
import dev.fleetinference.modelregistry.artifacts.ArtifactInspector;
import dev.fleetinference.modelregistry.artifacts.FileArtifactStore;
import dev.fleetinference.modelregistry.artifacts.UploadStaging;
import dev.fleetinference.modelregistry.catalog.ModelCatalog;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry service: artifacts in a content-addressed store on disk, versions and stages
 * in the compacted catalog topic, an HTTP API over both. It is the topic's one writer: run a single
 * instance per topic.
 */
public final class ModelRegistryServer implements AutoCloseable {

    /** Where uploads in progress are kept, under the store directory (same disk, so moves stay cheap). */
    public static final String UPLOADS_DIR = "uploads";
    private static final Logger log = LoggerFactory.getLogger(ModelRegistryServer.class);

    private final Javalin app;
    private final ModelCatalog catalog;
    private final String url;

    private ModelRegistryServer(Javalin app, ModelCatalog catalog, String url) {
        this.app = app;
        this.catalog = catalog;
        this.url = url;
    }

    /** Prepares the store and the catalog topic, replays the topic, then serves HTTP. */
    public static ModelRegistryServer start(ModelRegistryConfig config) {
        UploadStaging staging = new UploadStaging(config.storeDir().resolve(UPLOADS_DIR), config.maxUploadBytes());
        try {
            Files.createDirectories(config.storeDir());
            staging.prepare();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the artifact store in " + config.storeDir().toAbsolutePath(), e);
        }
        SchemaRegistryClientConfig schemaRegistry = SchemaRegistryClientConfig.of(config.schemaRegistryUrl());
        SchemaRegistryClient schemas = new SchemaRegistryClient(config.schemaRegistryUserInfo()
                .map(schemaRegistry::withBasicAuth).orElse(schemaRegistry));
        ModelCatalog catalog = ModelCatalog.open(config.bootstrapServers(), config.topic(), config.replicationFactor(),
                schemas, Clock.systemUTC(), config.clientSettings());
        try {
            Javalin app = Javalin.create(javalin -> {
                javalin.showJavalinBanner = false;
                javalin.http.defaultContentType = ModelRegistryApi.JSON_TYPE;
                javalin.http.prefer405over404 = true;
                // artifacts are zips already, and a compressed answer would lose its Content-Length
                javalin.http.disableCompression();
            });
            new ModelRegistryApi(catalog, new FileArtifactStore(config.storeDir()), new ArtifactInspector(config.limits()),
                    staging, config.writeToken(), config.readToken(), config.maxUploadBytes()).addTo(app);
            app.start(config.host(), config.port());
            String url = "http://" + config.host() + ":" + app.port();
            log.info("model registry listening on {} (topic '{}', store {}, reads {})", url, config.topic(),
                    config.storeDir().toAbsolutePath(), config.readToken().isPresent() ? "need a token" : "open");
            return new ModelRegistryServer(app, catalog, url);
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8082}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            catalog.close();
        }
    }
}
