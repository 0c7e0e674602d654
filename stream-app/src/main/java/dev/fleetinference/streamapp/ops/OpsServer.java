package dev.fleetinference.streamapp.ops;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The HTTP endpoints operators and orchestrators use: {@code /health/live}, {@code /health/ready}, {@code /metrics}. */
public final class OpsServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Javalin app;

    private OpsServer(Javalin app) {
        this.app = app;
    }

    /** Serves on {@code host:port} (port 0: any free one) until closed. */
    public static OpsServer start(String host, int port, PipelineHealth health, PrometheusMeterRegistry metrics) {
        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health/live", ctx -> answer(ctx, health::live));
        app.get("/health/ready", ctx -> answer(ctx, health::ready));
        app.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));
        app.start(host, port);
        return new OpsServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void answer(Context ctx, Supplier<PipelineHealth.Status> check) {
        PipelineHealth.Status status = check.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.ok() ? "UP" : "DOWN");
        body.putAll(status.details());
        ctx.status(status.ok() ? 200 : 503).json(body);
    }
}
