package dev.fleetinference.modelregistry;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The standalone {@code model-registry} command: serves until it is stopped (SIGTERM, Ctrl-C). */
public final class ModelRegistryMain {

    private ModelRegistryMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = List.of(args);
        if (RegistryOptions.wantsHelp(arguments)) {
            System.out.print(RegistryOptions.USAGE);
            return;
        }
        ModelRegistryConfig config;
        try {
            config = RegistryOptions.parse(arguments, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("model-registry: " + e.getMessage());
            System.exit(2);
            return;
        }
        ModelRegistryServer server;
        try {
            server = ModelRegistryServer.start(config);
        } catch (RuntimeException e) {
            System.err.println("model-registry: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "model-registry-stop"));
        System.out.println("Model registry listening on " + server.url() + " (topic '" + config.topic()
                + "', artifacts in " + config.storeDir().toAbsolutePath() + ")");
        stopped.await();
    }
}
