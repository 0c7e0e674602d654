package dev.fleetinference.localstack.kafka;

import dev.fleetinference.localstack.process.ParentWatchingLauncher;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

/** The classpath for the broker's child JVM: this JVM's own, which must hold Kafka's jars. */
final class BrokerClasspath {

    private BrokerClasspath() {
    }

    static String current() {
        String classpath = System.getProperty("java.class.path", "");
        Path kafkaJar = jarOf("kafka.Kafka");
        Path launcherLocation = jarOf(ParentWatchingLauncher.class.getName());
        if (!contains(classpath, kafkaJar) || !contains(classpath, launcherLocation)) {
            throw new IllegalStateException("the JVM's class path (java.class.path) does not list Kafka's broker jar "
                    + kafkaJar + " and local-stack's classes " + launcherLocation
                    + "; start local-stack with 'java -cp' (./fleet does) rather than from a class loader of its own");
        }
        // the child starts in the broker's data directory, where relative entries would point nowhere
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }

    private static boolean contains(String classpath, Path entry) {
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize())
                .anyMatch(entry::equals);
    }

    private static Path jarOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, BrokerClasspath.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Kafka's broker (" + className + ") is not on the class path", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + className, e);
        }
    }
}
