package dev.fleetinference.modelregistry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.testing.TestModels;
import dev.fleetinference.modelregistry.testing.TestVersions;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a registry that misbehaves in ways a real one only does when broken or
 * tampered with: a stub HTTP server whose artifact answer each test sets.
 */
class ModelRegistryClientTest {

    private static final byte[] ARTIFACT = "the artifact's bytes, as the catalog topic describes them"
            .getBytes(StandardCharsets.UTF_8);
    private static final String ARTIFACT_PATH = "/models/stub/versions/1/artifact";

    private static HttpServer server;
    private static ExecutorService handlers;
    private static volatile HttpHandler artifact;

    // Holds back a stub's answer until the test is over, in place of a server that just stops sending.
    private final CountDownLatch testOver = new CountDownLatch(1);

    @TempDir
    Path dir;

    @BeforeAll
    static void startStub() throws IOException {
        handlers = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(ARTIFACT_PATH, exchange -> artifact.handle(exchange));
        server.setExecutor(handlers);
        server.start();
    }

    @AfterEach
    void endTest() {
        testOver.countDown();
    }

    @AfterAll
    static void stopStub() throws InterruptedException {
        server.stop(0);
        handlers.shutdownNow();
        handlers.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aDownloadIsCheckedAgainstTheVersionTheCallerTrustsNotTheServersWord() throws IOException {
        byte[] other = new byte[ARTIFACT.length];
        // other bytes, and a server that vouches for them: only the trusted version can tell
        artifact = exchange -> answer(exchange, other, Sha256.of(other).hex());
        Path target = dir.resolve("downloads/model.zip");

        assertThatThrownBy(() -> client(Duration.ofMinutes(1)).download(trusted(), target))
                .isInstanceOfSatisfying(ArtifactDigestMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(Sha256.of(ARTIFACT));
                    assertThat(e.actual()).isEqualTo(Sha256.of(other));
                });
        assertThat(listing(target.getParent())).as("nothing downloaded, no partial file").isEmpty();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDownloadLongerThanTheTrustedSizeIsCutOffAndRefused() throws IOException {
        artifact = exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (testOver.getCount() > 0) {
                    out.write(new byte[64 * 1024]);
                }
            } catch (IOException e) {
                // the client hung up, as it should
            }
        };
        Path target = dir.resolve("downloads/model.zip");

        assertThatThrownBy(() -> client(Duration.ofMinutes(5)).download(trusted(), target))
                .isInstanceOf(ArtifactDigestMismatchException.class)
                .hasMessageContaining("longer than the " + ARTIFACT.length + " bytes");
        assertThat(listing(target.getParent())).isEmpty();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDownloadWhoseBodyStopsComingIsAbandonedAtTheTransferTimeout() throws IOException {
        artifact = exchange -> {
            exchange.sendResponseHeaders(200, ARTIFACT.length);
            OutputStream out = exchange.getResponseBody();
            out.write(ARTIFACT, 0, 10);
            out.flush();
            awaitQuietly(testOver);
            exchange.close();
        };
        Path target = dir.resolve("downloads/model.zip");

        assertThatThrownBy(() -> client(Duration.ofSeconds(1)).download(trusted(), target))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> {
                    assertThat(e.error()).isEqualTo("transfer_timeout");
                    assertThat(e.isUnreachable()).isTrue();
                })
                .hasMessageContaining("PT1S");
        assertThat(listing(target.getParent())).as("no partial file").isEmpty();
    }

    @Test
    void aDownloadThatMatchesTheTrustedVersionIsPutInPlace() throws IOException {
        artifact = exchange -> answer(exchange, ARTIFACT, Sha256.of(ARTIFACT).hex());
        Path target = dir.resolve("downloads/model.zip");

        client(Duration.ofMinutes(1)).download(trusted(), target);

        assertThat(target).hasBinaryContent(ARTIFACT);
        assertThat(listing(target.getParent())).containsExactly(target);
    }

    @Test
    void aModelThatCannotBeZippedLeavesNoTemporaryZip() throws IOException {
        Path unreadable = Path.of("/proc/self/mem");
        assumeTrue(Files.isRegularFile(unreadable), "needs Linux's /proc/self/mem, a file whose reading fails");
        Path model = TestModels.standIn(dir.resolve("model"), "unzippable", TestModels.metadata());
        // reading this process's memory from address 0 fails: an I/O error halfway through the zip, on demand
        Files.createSymbolicLink(model.resolve("variables/zz-unreadable"), unreadable);
        String name = "unzippable-" + UUID.randomUUID();

        assertThatThrownBy(() -> client(Duration.ofMinutes(1)).register(name, model))
                .isInstanceOf(UncheckedIOException.class);

        try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temp.map(p -> p.getFileName().toString()))
                    .noneMatch(file -> file.startsWith("fleet-model-" + name + "-"));
        }
    }

    private static ModelVersion trusted() {
        return ModelVersion.newBuilder(TestVersions.version("stub", 1, ModelStage.PRODUCTION))
                .setDigest(Sha256.of(ARTIFACT).hex())
                .setSizeBytes(ARTIFACT.length)
                .build();
    }

    private static ModelRegistryClient client(Duration transferTimeout) {
        return new ModelRegistryClient(ModelRegistryClientConfig.of("http://127.0.0.1:" + server.getAddress().getPort())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), transferTimeout));
    }

    private static void answer(HttpExchange exchange, byte[] body, String digest) throws IOException {
        exchange.getResponseHeaders().add("ETag", "\"" + digest + "\"");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
