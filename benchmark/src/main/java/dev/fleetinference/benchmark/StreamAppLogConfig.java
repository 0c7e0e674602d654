package dev.fleetinference.benchmark;

import dev.fleetinference.streamapp.StreamAppMain;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The stream app's own log4j2.xml for a stream app started on the benchmark's class path, which has the benchmark's
 * log4j2.xml (and in tests log4j2-test.xml) before stream-app's: so it logs as {@code ./fleet stream-app} does.
 */
final class StreamAppLogConfig {

    private StreamAppLogConfig() {
    }

    /** The JVM option that points the child's log4j2 at that file, copied into {@code dir} (once). */
    static String jvmOption(Path dir) throws IOException {
        return "-Dlog4j2.configurationFile=" + copyInto(dir).toUri();
    }

    // from the jar (or classes directory) that holds StreamAppMain
    private static Path copyInto(Path dir) throws IOException {
        Path target = dir.resolve("stream-app-log4j2.xml");
        if (Files.exists(target)) {
            return target;
        }
        Path source;
        try {
            source = Path.of(StreamAppMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot tell where the stream app's classes are", e);
        }
        URI config = Files.isDirectory(source) ? source.resolve("log4j2.xml").toUri()
                : URI.create("jar:" + source.toUri() + "!/log4j2.xml");
        Files.createDirectories(dir);
        try (InputStream in = config.toURL().openStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
