package dev.fleetinference.localstack.kafka;

import java.nio.file.Path;

/** A JVM that starts a broker and then waits to be killed, for the test that the broker follows its owner. */
final class BrokerOwner {

    static final String READY = "broker-pid=";

    private BrokerOwner() {
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaBroker broker = KafkaBroker.start(KafkaBrokerConfig.inDirectory(Path.of(args[0])));
        System.out.println(READY + broker.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
