package dev.fleetinference.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stand-ins for the stream app with its HTTP health contract, for the tests of how the demo runs one. Public: the
 * parent-watching launcher, in another package, calls their {@code main} by reflection.
 */
public final class FakeStreamApps {

    static final String STARTED = "fake stream app started";
    static final String STOPPED = "fake stream app stopped";

    private FakeStreamApps() {
    }

    /** Ready half a second after start; prints its FLEET_* and TF_CPP_* environment; says when SIGTERM stops it. */
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
            byte[] body = (ready ? "{\"status\":\"READY\"}" : "{\"status\":\"STARTING\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            System.out.println(STOPPED);
        }));
        System.out.println(STARTED);
    }
}
