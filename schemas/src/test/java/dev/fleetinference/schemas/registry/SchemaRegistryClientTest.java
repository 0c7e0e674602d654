package dev.fleetinference.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SchemaRegistryClientTest {

    private static final String SUBJECT = "device-events-value";

    private FakeSchemaRegistry registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = FakeSchemaRegistry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private SchemaRegistryClientConfig config() {
        return SchemaRegistryClientConfig.of(registry.url())
                .withInitialBackoff(Duration.ofMillis(1))
                .withRequestTimeout(Duration.ofSeconds(5));
    }

    private SchemaRegistryClient client() {
        return new SchemaRegistryClient(config());
    }

    @Test
    void registersSchemaAndReturnsTheRegistrysId() {
        registry.withSchema(6, Prediction.SCHEMA$);

        int id = client().register(SUBJECT, FeatureEvent.SCHEMA$);

        assertThat(id).isEqualTo(7);
        FakeSchemaRegistry.Request request = registry.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/device-events-value/versions");
        assertThat(request.header("Content-Type")).contains("application/vnd.schemaregistry.v1+json");
        assertThat(request.body()).contains("\"schema\":").contains("FeatureEvent");
    }

    @Test
    void getsSchemaByIdFromTheConfluentJsonShape() {
        registry.withSchema(1, FeatureEvent.SCHEMA$);

        Schema schema = client().getById(1);

        assertThat(schema).isEqualTo(FeatureEvent.SCHEMA$);
        assertThat(registry.requests()).singleElement()
                .satisfies(r -> assertThat(r.method() + " " + r.rawPath()).isEqualTo("GET /schemas/ids/1"));
    }

    @Test
    void retriesServerErrorsUntilTheRegistryAnswers() {
        registry.withSchema(1, FeatureEvent.SCHEMA$)
                .respondNext(503, "{\"error_code\":50302,\"message\":\"Leader not known\"}")
                .respondNext(503, "");

        Schema schema = client().getById(1);

        assertThat(schema).isEqualTo(FeatureEvent.SCHEMA$);
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void givesUpOnServerErrorsAfterMaxAttemptsWithTheLastStatus() {
        for (int i = 0; i < 5; i++) {
            registry.respondNext(503, "{\"error_code\":50302,\"message\":\"Leader not known\"}");
        }
        SchemaRegistryClient client = new SchemaRegistryClient(config().withMaxAttempts(3));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(1));

        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.errorCode()).isEqualTo(50302);
        assertThat(e.getMessage()).contains("GET", "/schemas/ids/1", "after 3 attempts", "503", "50302", "Leader not known");
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void doesNotRetryNotFoundAndCarriesTheRegistrysErrorCode() {
        registry.respondNext(404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client().latest("x"));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(40401);
        assertThat(e.isNotFound()).isTrue();
        assertThat(e.getMessage()).contains("GET", "/subjects/x/versions/latest", "404", "40401", "Subject 'x' not found.");
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void doesNotRetryOtherClientErrors() {
        registry.respondNext(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

        SchemaRegistryException e =
                catchThrowableOfType(SchemaRegistryException.class, () -> client().register(SUBJECT, FeatureEvent.SCHEMA$));

        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.errorCode()).isEqualTo(42201);
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void reportsAnErrorBodyThatIsNotJsonVerbatim() {
        registry.respondNext(400, "<html>bad gateway config</html>");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client().getById(1));

        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_ERROR_CODE);
        assertThat(e.getMessage()).contains("400", "<html>bad gateway config</html>");
    }

    @Test
    void reportsUnreachableRegistryAfterMaxAttemptsWithoutErrorCode() throws IOException {
        SchemaRegistryClient client = new SchemaRegistryClient(
                SchemaRegistryClientConfig.of("http://127.0.0.1:" + closedPort())
                        .withMaxAttempts(3)
                        .withInitialBackoff(Duration.ofMillis(1)));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(1));

        assertThat(e.errorCode()).isEqualTo(-1);
        assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
        assertThat(e.isUnreachable()).isTrue();
        assertThat(e.getMessage()).contains("GET", "/schemas/ids/1", "after 3 attempts", "no response");
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void retriesConnectionsDroppedWithoutAnAnswerUpToMaxAttempts() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        Thread acceptor;
        try (ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Counting before closing means every count is in before the client can see the hang-up.
            acceptor = new Thread(() -> {
                while (true) {
                    try {
                        Socket socket = hangUp.accept();
                        connections.incrementAndGet();
                        socket.close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.start();
            SchemaRegistryClient client = new SchemaRegistryClient(
                    SchemaRegistryClientConfig.of("http://127.0.0.1:" + hangUp.getLocalPort())
                            .withMaxAttempts(3)
                            .withInitialBackoff(Duration.ofMillis(1)));

            SchemaRegistryException e =
                    catchThrowableOfType(SchemaRegistryException.class, () -> client.register(SUBJECT, FeatureEvent.SCHEMA$));

            assertThat(e.errorCode()).isEqualTo(-1);
            assertThat(e.isUnreachable()).isTrue();
            assertThat(connections.get()).isEqualTo(3);
        }
        acceptor.join();
    }

    @Test
    void answersASecondGetByIdFromTheCache() {
        registry.withSchema(1, FeatureEvent.SCHEMA$);
        SchemaRegistryClient client = client();

        Schema first = client.getById(1);
        Schema second = client.getById(1);

        assertThat(second).isSameAs(first);
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void answersRepeatedRegisterAndLookupFromTheCache() {
        SchemaRegistryClient client = client();

        int id = client.register(SUBJECT, FeatureEvent.SCHEMA$);
        int again = client.register(SUBJECT, new Schema.Parser().parse(FeatureEvent.SCHEMA$.toString()));
        RegisteredSchema found = client.lookup(SUBJECT, FeatureEvent.SCHEMA$);
        RegisteredSchema foundAgain = client.lookup(SUBJECT, FeatureEvent.SCHEMA$);
        Schema byId = client.getById(id);

        assertThat(again).isEqualTo(id);
        assertThat(foundAgain).isEqualTo(found);
        assertThat(byId).isEqualTo(FeatureEvent.SCHEMA$);
        assertThat(registry.requests()).extracting(r -> r.method() + " " + r.rawPath())
                .containsExactly("POST /subjects/device-events-value/versions", "POST /subjects/device-events-value");
    }

    @Test
    void keepsSubjectsApartInTheRegisterCache() {
        SchemaRegistryClient client = client();

        client.register("a-value", FeatureEvent.SCHEMA$);
        client.register("b-value", FeatureEvent.SCHEMA$);

        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void doesNotCacheFailures() {
        registry.withSchema(1, FeatureEvent.SCHEMA$).respondNext(503, "");
        SchemaRegistryClient client = new SchemaRegistryClient(config().withMaxAttempts(1));

        catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(1));
        Schema schema = client.getById(1);

        assertThat(schema).isEqualTo(FeatureEvent.SCHEMA$);
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void sendsBasicAuthWhenConfigured() {
        registry.withSchema(1, FeatureEvent.SCHEMA$);
        SchemaRegistryClient client = new SchemaRegistryClient(config().withBasicAuth("fleet:s3cret:with-colon"));

        client.getById(1);

        String expected = "Basic "
                + Base64.getEncoder().encodeToString("fleet:s3cret:with-colon".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.requests().get(0).header("Authorization")).contains(expected);
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutBasicAuth() {
        registry.withSchema(1, FeatureEvent.SCHEMA$);

        client().getById(1);

        assertThat(registry.requests().get(0).header("Authorization")).isEmpty();
    }

    @Test
    void encodesTheSubjectAsOnePathSegment() {
        SchemaRegistryClient client = client();

        client.register("fleet/device events+v1", FeatureEvent.SCHEMA$);
        RegisteredSchema latest = client.latest("fleet/device events+v1");

        assertThat(registry.requests().get(0).rawPath()).isEqualTo("/subjects/fleet%2Fdevice%20events%2Bv1/versions");
        assertThat(latest.subject()).isEqualTo("fleet/device events+v1");
    }

    @Test
    void toleratesATrailingSlashInTheBaseUrl() {
        registry.withSchema(1, FeatureEvent.SCHEMA$);
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryClientConfig.of(registry.url() + "/"));

        client.getById(1);

        assertThat(registry.requests().get(0).rawPath()).isEqualTo("/schemas/ids/1");
    }

    @Test
    void looksUpHowASchemaIsRegistered() {
        Schema older = SchemaBuilder.record("FeatureEvent").namespace("dev.fleetinference.schemas")
                .fields().requiredString("deviceId").endRecord();
        int olderId = registry.register(SUBJECT, older);
        int id = registry.register(SUBJECT, FeatureEvent.SCHEMA$);

        RegisteredSchema found = client().lookup(SUBJECT, FeatureEvent.SCHEMA$);

        assertThat(found).isEqualTo(new RegisteredSchema(SUBJECT, id, 2, FeatureEvent.SCHEMA$));
        assertThat(olderId).isNotEqualTo(id);
    }

    @Test
    void reportsALookupOfAnUnregisteredSchemaAsNotFound() {
        registry.register(SUBJECT, Prediction.SCHEMA$);

        SchemaRegistryException e =
                catchThrowableOfType(SchemaRegistryException.class, () -> client().lookup(SUBJECT, FeatureEvent.SCHEMA$));

        assertThat(e.isNotFound()).isTrue();
        assertThat(e.errorCode()).isEqualTo(40403);
    }

    @Test
    void returnsTheLatestVersionOfASubject() {
        registry.register(SUBJECT, Prediction.SCHEMA$);
        int id = registry.register(SUBJECT, FeatureEvent.SCHEMA$);

        RegisteredSchema latest = client().latest(SUBJECT);

        assertThat(latest).isEqualTo(new RegisteredSchema(SUBJECT, id, 2, FeatureEvent.SCHEMA$));
    }

    @Test
    void checksCompatibilityAgainstTheLatestVersion() {
        registry.register(SUBJECT, FeatureEvent.SCHEMA$);
        Schema withoutDefault = SchemaBuilder.record("FeatureEvent").namespace("dev.fleetinference.schemas")
                .fields().requiredString("deviceId").requiredString("firmware").endRecord();
        SchemaRegistryClient client = client();

        assertThat(client.isCompatible(SUBJECT, FeatureEvent.SCHEMA$)).isTrue();
        assertThat(client.isCompatible(SUBJECT, withoutDefault)).isFalse();
        assertThat(registry.requests().get(0).rawPath())
                .isEqualTo("/compatibility/subjects/device-events-value/versions/latest");
    }

    @Test
    void readsAndSetsGlobalAndSubjectCompatibility() {
        SchemaRegistryClient client = client();

        assertThat(client.compatibility(Optional.empty())).isEqualTo("BACKWARD");
        client.setCompatibility(Optional.empty(), "FULL");
        client.setCompatibility(Optional.of(SUBJECT), "NONE");

        assertThat(client.compatibility(Optional.empty())).isEqualTo("FULL");
        assertThat(client.compatibility(Optional.of(SUBJECT))).isEqualTo("NONE");
        assertThat(registry.requests()).extracting(r -> r.method() + " " + r.rawPath() + " " + r.body())
                .containsExactly(
                        "GET /config ",
                        "PUT /config {\"compatibility\":\"FULL\"}",
                        "PUT /config/device-events-value {\"compatibility\":\"NONE\"}",
                        "GET /config ",
                        "GET /config/device-events-value ");
    }

    @Test
    void reportsASubjectWithoutItsOwnCompatibilityAsNotFound() {
        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class, () -> client().compatibility(Optional.of(SUBJECT)));

        assertThat(e.isNotFound()).isTrue();
        assertThat(e.errorCode()).isEqualTo(40408);
    }

    @Test
    void rejectsASuccessfulAnswerWithoutTheExpectedField() {
        registry.respondNext(200, "{\"identifier\": 3}");

        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class, () -> client().register(SUBJECT, FeatureEvent.SCHEMA$));

        assertThat(e.httpStatus()).isEqualTo(200);
        assertThat(e.getMessage()).contains("integer 'id'", "identifier");
    }

    @Test
    void rejectsASchemaThatIsNotAvro() {
        registry.respondNext(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client().getById(1));

        assertThat(e.getMessage()).contains("PROTOBUF");
    }

    @Test
    void restoresTheInterruptFlagWhenInterruptedDuringARequest() {
        registry.withSchema(1, FeatureEvent.SCHEMA$);
        SchemaRegistryClient client = client();

        Thread.currentThread().interrupt();
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(1));

        assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
        assertThat(e.getMessage()).contains("interrupted");
        assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void restoresTheInterruptFlagWhenInterruptedWhileBackingOff() throws Exception {
        registry.withSchema(1, FeatureEvent.SCHEMA$).respondNext(503, "");
        SchemaRegistryClient client =
                new SchemaRegistryClient(config().withInitialBackoff(Duration.ofMinutes(1)).withMaxAttempts(2));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfterwards = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                client.getById(1);
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagAfterwards.set(Thread.currentThread().isInterrupted());
        });

        caller.start();
        // Once the 503 is in, sleeping in the backoff is the caller's only timed wait: the HTTP call waits untimed.
        CompletableFuture.runAsync(() -> {
            while (registry.requests().isEmpty() || caller.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
        }).get(10, TimeUnit.SECONDS);
        caller.interrupt();
        caller.join(10_000);

        assertThat(thrown.get()).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("interrupted while waiting to retry")
                .hasMessageContaining("503");
        assertThat(flagAfterwards.get()).isTrue();
        assertThat(registry.requests()).hasSize(1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
