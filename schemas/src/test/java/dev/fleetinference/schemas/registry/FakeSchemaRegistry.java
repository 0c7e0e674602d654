package dev.fleetinference.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A tiny but real Schema Registry for tests: the JDK's HTTP server on 127.0.0.1, speaking the Confluent REST
 * shapes for the calls our client makes, with in-memory state, scripted answers and a log of the requests.
 */
public final class FakeSchemaRegistry implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** One request as the server saw it; {@code rawPath} is still percent-encoded. */
    public record Request(String method, String rawPath, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }
    }

    private record Scripted(int status, String body) {}

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Queue<Scripted> scripted = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    // Registry state, guarded by this.
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new HashMap<>();
    private final Map<String, String> subjectCompatibility = new HashMap<>();
    private String globalCompatibility = "BACKWARD";
    private int nextId = 1;

    private FakeSchemaRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A running registry on a free port of 127.0.0.1. */
    public static FakeSchemaRegistry start() throws IOException {
        return new FakeSchemaRegistry();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes {@code schema} known under {@code id} without any subject, as if registered elsewhere. */
    public synchronized FakeSchemaRegistry withSchema(int id, Schema schema) {
        schemasById.put(id, schema);
        nextId = Math.max(nextId, id + 1);
        return this;
    }

    /** Registers {@code schema} under {@code subject} as a POST would and returns its id. */
    public synchronized int register(String subject, Schema schema) {
        int id = schemasById.entrySet().stream()
                .filter(e -> e.getValue().equals(schema))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseGet(() -> {
                    schemasById.put(nextId, schema);
                    return nextId++;
                });
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    /** The next request gets this answer instead of the normal one; call repeatedly to script several. */
    public FakeSchemaRegistry respondNext(int status, String body) {
        scripted.add(new Scripted(status, body));
        return this;
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String rawPath = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            requests.add(new Request(method, rawPath, Map.copyOf(exchange.getRequestHeaders()), body));
            Scripted answer = scripted.poll();
            if (answer == null) {
                answer = answerOrUnprocessable(method, segments(rawPath), body);
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Scripted answerOrUnprocessable(String method, List<String> path, String body) {
        try {
            return answer(method, path, body);
        } catch (IOException | RuntimeException e) {
            return error(422, 42201, "Invalid request: " + e.getMessage());
        }
    }

    private synchronized Scripted answer(String method, List<String> path, String body) throws IOException {
        String route = method + " " + shape(path);
        switch (route) {
            case "GET /schemas/ids/*": {
                Schema schema = parseId(path.get(2)).map(schemasById::get).orElse(null);
                return schema == null
                        ? error(404, 40403, "Schema " + path.get(2) + " not found")
                        : ok(json.createObjectNode().put("schema", schema.toString()));
            }
            case "POST /subjects/*/versions": {
                int id = register(path.get(1), new Schema.Parser().parse(schemaText(body)));
                return ok(json.createObjectNode().put("id", id));
            }
            case "POST /subjects/*": {
                List<Integer> versions = idsBySubject.get(path.get(1));
                if (versions == null) {
                    return subjectNotFound(path.get(1));
                }
                Schema wanted = new Schema.Parser().parse(schemaText(body));
                for (int v = 0; v < versions.size(); v++) {
                    if (schemasById.get(versions.get(v)).equals(wanted)) {
                        return ok(registered(path.get(1), versions.get(v), v + 1));
                    }
                }
                return error(404, 40403, "Schema not found");
            }
            case "GET /subjects/*/versions/latest": {
                List<Integer> versions = idsBySubject.get(path.get(1));
                return versions == null
                        ? subjectNotFound(path.get(1))
                        : ok(registered(path.get(1), versions.get(versions.size() - 1), versions.size()));
            }
            case "POST /compatibility/subjects/*/versions/latest": {
                List<Integer> versions = idsBySubject.get(path.get(2));
                if (versions == null) {
                    return subjectNotFound(path.get(2));
                }
                Schema candidate = new Schema.Parser().parse(schemaText(body));
                Schema latest = schemasById.get(versions.get(versions.size() - 1));
                String level = subjectCompatibility.getOrDefault(path.get(2), globalCompatibility);
                // Only the BACKWARD direction: enough for tests, not a full implementation of every level.
                boolean compatible = level.equals("NONE")
                        || SchemaCompatibility.checkReaderWriterCompatibility(candidate, latest).getType()
                                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
                return ok(json.createObjectNode().put("is_compatible", compatible));
            }
            case "GET /config":
                return ok(json.createObjectNode().put("compatibilityLevel", globalCompatibility));
            case "GET /config/*": {
                String level = subjectCompatibility.get(path.get(1));
                return level == null
                        ? error(404, 40408, "Subject '" + path.get(1) + "' does not have subject-level compatibility configured")
                        : ok(json.createObjectNode().put("compatibilityLevel", level));
            }
            case "PUT /config": {
                globalCompatibility = json.readTree(body).path("compatibility").asText();
                return ok(json.createObjectNode().put("compatibility", globalCompatibility));
            }
            case "PUT /config/*": {
                String level = json.readTree(body).path("compatibility").asText();
                subjectCompatibility.put(path.get(1), level);
                return ok(json.createObjectNode().put("compatibility", level));
            }
            default:
                return error(404, 404, "HTTP 404 Not Found");
        }
    }

    private ObjectNode registered(String subject, int id, int version) {
        return json.createObjectNode()
                .put("subject", subject)
                .put("id", id)
                .put("version", version)
                .put("schema", schemasById.get(id).toString());
    }

    private String schemaText(String body) throws IOException {
        JsonNode schema = json.readTree(body).get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new IOException("request body has no string 'schema': " + body);
        }
        return schema.textValue();
    }

    private Scripted subjectNotFound(String subject) {
        return error(404, 40401, "Subject '" + subject + "' not found.");
    }

    private Scripted error(int status, int errorCode, String message) {
        return new Scripted(status, json.createObjectNode().put("error_code", errorCode).put("message", message).toString());
    }

    private static Scripted ok(JsonNode body) {
        return new Scripted(200, body.toString());
    }

    private static Optional<Integer> parseId(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // Path with the subject positions replaced by '*', e.g. "/subjects/*/versions".
    private static String shape(List<String> path) {
        List<String> shape = new ArrayList<>(path);
        if (shape.size() >= 2 && (shape.get(0).equals("subjects") || shape.get(0).equals("config"))) {
            shape.set(1, "*");
        }
        if (shape.size() >= 3 && shape.get(0).equals("compatibility")) {
            shape.set(2, "*");
        }
        if (shape.size() == 3 && shape.get(0).equals("schemas")) {
            shape.set(2, "*");
        }
        return "/" + String.join("/", shape);
    }

    // Split before decoding, so an encoded '/' inside a subject stays inside its segment.
    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }
}
