package dev.fleetinference.demo;

import dev.fleetinference.localstack.process.FreePort;
import dev.fleetinference.localstack.streamapp.FakeStreamApps;
import java.nio.file.Path;
import java.time.Duration;

/** A JVM that starts a (fake) stream app as the demo does and then waits to be killed, for the test that the app follows its owner. */
final class StreamAppOwner {

    static final String READY = "stream-app-pid=";

    private StreamAppOwner() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path workDir = Path.of(args[0]);
        StreamAppProcess app = StreamAppProcess.start(
                new StreamAppLayout(System.getProperty("java.class.path"), FakeStreamApps.Ready.class.getName()),
                StreamAppProcessTest.environment(FreePort.find(), workDir), workDir);
        app.awaitReady(Duration.ofSeconds(30));
        System.out.println(READY + app.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
