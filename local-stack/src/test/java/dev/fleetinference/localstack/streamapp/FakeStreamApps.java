package dev.fleetinference.localstack.streamapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stand-ins for the stream app with its HTTP contract (health, the scored-events metric), for the tests of how one is
 * run in a child JVM. Public: the parent-watching launcher, in another package, calls their {@code main} by reflection,
 * and the demo's tests use them too.
 */
public final class FakeStreamApps {

    public static final String STARTED = "fake stream app started";
    public static final String STOPPED = "fake stream app stopped";
    /** What the fakes' {@code /metrics} says they scored. */
    public static final long SCORED = 42;

    private FakeStreamApps() {
    }

    /**
     * Ready half a second after start; prints its FLEET_* and TF_CPP_* environment; says when a shutdown (SIGTERM, not
     * SIGKILL) stops it.
     */
    public static final class Ready {
        public static void main(String[] args) throws IOException {
            long readyAt = System.nanoTime() + 500_000_000L;
            serve(() -> System.nanoTime() > readyAt);
        }
    }

    /** Never ready: its model never loads. */
    public static final class NeverReady {
        public static void main(String[] args) throws IOException {
            serve(() -> false);
        }
    }

    /** Fails at start, as the stream app does with a model registry it cannot reach. */
    public static final class Crashing {
        public static void main(String[] args) {
            System.out.println("stream-app: cannot start: no model 'anomaly' in production");
            System.exit(3);
        }
    }

    interface Readiness {
        boolean ready();
    }

    private static void serve(Readiness readiness) throws IOException {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.keySet().removeIf(name -> !name.startsWith("FLEET_") && !name.startsWith("TF_CPP_"));
        env.forEach((name, value) -> System.out.println(name + "=" + value));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(System.getenv("FLEET_HTTP_PORT"))), 0);
        server.createContext("/health/ready", exchange -> {
            boolean ready = readiness.ready();
            answer(exchange, ready ? 200 : 503, ready ? "{\"status\":\"READY\"}" : "{\"status\":\"STARTING\"}");
        });
        // two series, as the app has for a model swap: what it scored is their sum
        server.createContext("/metrics", exchange -> answer(exchange, 200, String.join("\n",
                "# TYPE fleet_events_scored_total counter",
                "fleet_events_scored_total{model=\"anomaly\",version=\"1\"} " + (SCORED - 2) + ".0",
                "fleet_events_scored_total{model=\"anomaly\",version=\"2\"} 2.0", "")));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            System.out.println(STOPPED);
        }));
        System.out.println(STARTED);
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
