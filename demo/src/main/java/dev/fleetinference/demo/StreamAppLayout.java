package dev.fleetinference.demo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start the stream app: its class path and main class. Packaged, that is {@code stream-app/target/stream-app.jar}
 * followed by the dependencies listed in {@code stream-app/target/classpath.txt}.
 */
record StreamAppLayout(String classpath, String mainClass) {

    static final String MAIN_CLASS = "dev.fleetinference.streamapp.StreamAppMain";

    StreamAppLayout {
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(mainClass, "mainClass");
    }

    /** The stream app packaged in the checkout at {@code root}; fails saying how to build it if it is not there. */
    static StreamAppLayout packagedIn(Path root) {
        Path target = root.resolve("stream-app").resolve("target");
        Path jar = target.resolve("stream-app.jar");
        Path dependencies = target.resolve("classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(dependencies)) {
            throw new DemoFailedException("no packaged stream app at " + jar + " (with " + dependencies.getFileName()
                    + "); build it with './mvnw -B -DskipTests -pl stream-app -am install' in " + root
                    + " (./fleet demo does that itself)");
        }
        try {
            String listed = Files.readString(dependencies, StandardCharsets.UTF_8).strip();
            return new StreamAppLayout(listed.isEmpty() ? jar.toString() : jar + File.pathSeparator + listed,
                    MAIN_CLASS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dependencies, e);
        }
    }
}
