package dev.fleetinference.localstack;

import dev.fleetinference.localstack.kafka.KafkaBroker;
import dev.fleetinference.localstack.kafka.Security;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.io.FileUtils;

/** The {@code local-stack} command: runs the embedded default until Ctrl-C, or a smoke round trip. */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) {
        StackOptions options;
        try {
            options = StackOptions.parse(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(StackOptions.COMMAND.usage());
            return;
        }
        try {
            System.exit(run(options));
        } catch (RuntimeException | InterruptedException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int run(StackOptions options) throws InterruptedException {
        Path dataDir = options.dataDir().orElseGet(LocalStackMain::temporaryDirectory);
        boolean temporary = options.dataDir().isEmpty();
        System.out.println("Starting the local stack (data in " + dataDir.toAbsolutePath() + ") ...");
        LocalStack stack;
        try {
            stack = LocalStack.start(dataDir, options.brokers(), options.kafkaPort(), options.schemaRegistryPort(),
                    options.modelRegistryPort(), options.registryToken(),
                    options.insecure() ? Security.INSECURE : Security.SECURED);
        } catch (RuntimeException e) {
            if (temporary) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            System.out.println("Stopping the local stack ...");
            stack.close();
            if (temporary) {
                deleteRecursively(dataDir);
            }
            stopped.countDown();
        }, "local-stack-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        System.out.println();
        System.out.println("  Kafka bootstrap servers : " + stack.bootstrapServers());
        System.out.println("  Schema registry URL     : " + stack.schemaRegistryUrl());
        System.out.println("  Model registry URL      : " + stack.modelRegistryUrl());
        // the documented default is no secret; a token of the user's own is not echoed to the terminal
        System.out.println("  Model registry token    : " + (options.devToken() ? stack.modelRegistryToken()
                : "(the one from --registry-token / FLEET_REGISTRY_TOKEN / registry.token)"));
        // made for this run only and known nowhere else, so printed like the dev token
        System.out.println("  Model registry reads    : " + stack.modelRegistryReadToken()
                .map(token -> "need a token: " + token + " (or the write token)")
                .orElse("open (--insecure)"));
        System.out.println("  Schema registry writes  : " + stack.schemaRegistryCredentials()
                .map(credentials -> "need basic auth: " + credentials.userInfo() + " (reads are anonymous)")
                .orElse("open (--insecure)"));
        System.out.println("  Kafka security          : " + (stack.secured()
                ? "SASL_SSL, SCRAM-SHA-512, ACLs; the admin's client settings: "
                        + stack.kafka().adminPropertiesFile().orElseThrow()
                : "none (--insecure: plaintext, no authentication, no ACLs)"));
        List<KafkaBroker> brokers = stack.kafka().brokers();
        System.out.println("  Broker log" + (brokers.size() == 1 ? " " : "s") + "             : "
                + brokers.stream().map(broker -> broker.logFile().toString())
                        .collect(Collectors.joining(System.lineSeparator() + " ".repeat(28))));
        System.out.println();
        if (!options.smoke()) {
            System.out.println("Running. Press Ctrl-C to stop.");
            stopped.await();
            return 0;
        }
        int status;
        try {
            SmokeRoundTrip.Result result = new SmokeRoundTrip(stack.bootstrapServers(), stack.schemaRegistryUrl(),
                    stack.schemaRegistryCredentials().map(SchemaRegistryCredentials::userInfo),
                    stack.adminClientSettings())
                    .run("device-events", 100);
            System.out.printf("Smoke round trip: %d FeatureEvents sent to '%s' (Avro, schema id %d), %d read back "
                            + "intact in %d ms: %s%n", result.sent(), result.topic(), result.schemaId(),
                    result.receivedIntact(), result.elapsed().toMillis(), result.passed() ? "PASSED" : "FAILED");
            status = result.passed() ? 0 : 1;
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("Smoke round trip failed: " + e.getCause());
            status = 1;
        }
        Runtime.getRuntime().removeShutdownHook(stopper);
        stopper.run();
        return status;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("fleet-local-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            FileUtils.deleteDirectory(root.toFile());
        } catch (IOException e) {
            System.err.println("could not remove the temporary data directory " + root + ": " + e.getMessage());
        }
    }
}
