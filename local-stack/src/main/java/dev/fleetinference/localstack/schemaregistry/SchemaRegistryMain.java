package dev.fleetinference.localstack.schemaregistry;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The standalone {@code schema-registry} command: serves until it is stopped (SIGTERM, Ctrl-C). */
public final class SchemaRegistryMain {

    private SchemaRegistryMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = List.of(args);
        if (SchemaRegistryOptions.wantsHelp(arguments)) {
            System.out.print(SchemaRegistryOptions.COMMAND.usage());
            return;
        }
        SchemaRegistryConfig config;
        try {
            config = SchemaRegistryOptions.parse(arguments, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("schema-registry: " + e.getMessage());
            System.exit(2);
            return;
        }
        SchemaRegistryServer server;
        try {
            server = SchemaRegistryServer.start(config);
        } catch (RuntimeException e) {
            System.err.println("schema-registry: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "schema-registry-stop"));
        System.out.println("Schema registry listening on " + server.url() + " (topic '" + config.topic() + "', writes "
                + (config.users().isEmpty() ? "open" : "need basic auth") + ")");
        stopped.await();
    }
}
