package dev.fleetinference.localstack.schemaregistry;

import io.javalin.Javalin;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry (Avro only) whose state lives in a compacted Kafka topic.
 *
 * <p>It exists because Confluent's registry is not published where this project builds from; it
 * speaks the same REST API and stores the same records, so clients cannot tell the difference.
 * It is one writer: run a single instance per schema topic.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);

    private final Javalin app;
    private final SchemaLog schemaLog;
    private final String url;

    private SchemaRegistryServer(Javalin app, SchemaLog schemaLog, String url) {
        this.app = app;
        this.schemaLog = schemaLog;
        this.url = url;
    }

    /** Creates the schema topic if needed, replays it, then serves HTTP. */
    public static SchemaRegistryServer start(SchemaRegistryConfig config) {
        SchemaLog schemaLog = new SchemaLog(config.bootstrapServers(), config.topic(), config.clientSettings());
        try {
            schemaLog.ensureTopic(config.replicationFactor());
            SchemaStore store = SchemaStore.open(schemaLog, CompatibilityLevel.parse(config.defaultCompatibility()));
            Javalin app = Javalin.create(javalin -> {
                javalin.showJavalinBanner = false;
                javalin.http.defaultContentType = SchemaRegistryApi.CONTENT_TYPE;
                javalin.http.prefer405over404 = true;
            });
            new SchemaRegistryApi(store, config.users().isEmpty() ? Optional.empty()
                    : Optional.of(new BasicAuth(config.users()))).register(app);
            app.start(config.host(), config.port());
            String url = "http://" + config.host() + ":" + app.port();
            log.info("schema registry listening on {} (topic '{}', writes {})", url, config.topic(),
                    config.users().isEmpty() ? "open" : "by " + config.users().size() + " user(s)");
            return new SchemaRegistryServer(app, schemaLog, url);
        } catch (RuntimeException e) {
            schemaLog.close();
            throw e;
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        app.stop();
        schemaLog.close();
    }
}
