package dev.fleetinference.streamapp.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts TensorFlow's CPU native libraries from TF Java's {@code linux-x86_64} jar, once, into a
 * versioned cache directory that DJL is then pointed at.
 *
 * <p>DJL's own native package for TF 2.10 is a CUDA build that it rejects on a CPU machine and
 * then tries to download; TF Java 0.5.0 ships the same TF 2.10 runtime for CPU (STACK.md trap 1).
 */
public final class TensorFlowNatives {

    private static final Logger log = LoggerFactory.getLogger(TensorFlowNatives.class);
    private static final String RESOURCE_DIR = "org/tensorflow/internal/c_api/linux-x86_64/";
    private static final String POM_PROPERTIES = "META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties";
    /** The library DJL looks for in {@code TENSORFLOW_LIBRARY_PATH}; the others are its dependencies. */
    static final String JNI_LIBRARY = "libjnitensorflow.so";
    private static final List<String> LIBRARIES =
            List.of(JNI_LIBRARY, "libtensorflow_framework.so.2", "libtensorflow_cc.so.2");
    private static final String COMPLETE_MARKER = ".complete";

    private TensorFlowNatives() {
    }

    /** The directory holding the libraries under {@code cacheRoot}, extracting them first if needed. */
    public static Path extract(Path cacheRoot) {
        requireLinuxX86();
        Path target = cacheRoot.resolve("tensorflow-java-" + version() + "-cpu-linux-x86_64");
        if (Files.exists(target.resolve(COMPLETE_MARKER))) {
            return target;
        }
        long began = System.nanoTime();
        Path staging = null;
        try {
            Files.createDirectories(cacheRoot);
            staging = Files.createTempDirectory(cacheRoot, "extracting-");
            for (String library : LIBRARIES) {
                try (InputStream in = resource(library)) {
                    Files.copy(in, staging.resolve(library));
                }
            }
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            moveIntoPlace(staging, target);
            log.info("extracted TensorFlow native libraries to {} in {} ms", target,
                    (System.nanoTime() - began) / 1_000_000);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract TensorFlow's native libraries into " + cacheRoot + ": " + e,
                    e);
        } finally {
            if (staging != null) {
                FileUtils.deleteQuietly(staging.toFile());
            }
        }
    }

    /** Moves the extracted {@code staging} directory to {@code target}, unless another process got there first. */
    static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache directory must be on one file system: " + staging + " -> " + target, e);
        } catch (IOException e) {
            // another process extracted the same version first (instances started together on a new machine);
            // theirs is as good as ours. Renaming onto a full directory fails with ENOTEMPTY, which Java reports as
            // a plain FileSystemException, so only the marker can tell that case from a real failure
            if (!Files.exists(target.resolve(COMPLETE_MARKER))) {
                throw e;
            }
        }
    }

    private static InputStream resource(String library) {
        InputStream in = TensorFlowNatives.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + library);
        if (in == null) {
            throw new IllegalStateException("TensorFlow native library " + library + " is not on the class path; "
                    + "the scorer needs org.tensorflow:tensorflow-core-api:0.5.0:linux-x86_64");
        }
        return in;
    }

    /** The natives' version names the cache directory, so two versions never share one. */
    private static String version() {
        try (InputStream in = TensorFlowNatives.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            String version = null;
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                version = properties.getProperty("version");
            }
            if (version == null || version.isBlank()) {
                throw new IllegalStateException("cannot tell the version of TensorFlow's native libraries: "
                        + POM_PROPERTIES + " is missing from the class path");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES, e);
        }
    }

    private static void requireLinuxX86() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("the bundled TensorFlow natives are for linux-x86_64; this JVM runs on "
                    + os + "/" + arch);
        }
    }
}
