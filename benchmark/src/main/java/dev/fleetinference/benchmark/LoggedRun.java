package dev.fleetinference.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * How the benchmark's commands (bench, chaos) run once their options are read: in their output directory, with the
 * logs of the stack, the stream app, Kafka and DJL in a file there, and a failure said on stderr with that file's path.
 */
final class LoggedRun {

    /** The log file's path, read by this module's log4j2.xml. */
    static final String LOG_PROPERTY = "fleet.bench.log";
    static final int FAILED = 1;

    /** The run itself; its exit status. */
    interface Body {
        int run() throws InterruptedException;
    }

    private LoggedRun() {
    }

    /**
     * Creates {@code out}, points the log at {@code out/<logFile>} and runs {@code body}; {@link #FAILED} with the
     * reason on {@code err}, each line starting with {@code command}, if any of that fails.
     */
    static int in(Path out, String logFile, String command, PrintStream err, Body body) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            err.println(command + ": cannot create the output directory " + out + ": " + e.getMessage());
            return FAILED;
        }
        // reading the options may have started logging already (Kafka's config classes log from their static
        // initialisers), so log4j reads its configuration again with the path set
        if (System.getProperty(LOG_PROPERTY) == null) {
            System.setProperty(LOG_PROPERTY, out.resolve(logFile).toString());
            Configurator.reconfigure();
        }
        try {
            return body.run();
        } catch (BenchFailedException | UncheckedIOException e) {
            err.println(command + ": " + e.getMessage() + " (log: " + System.getProperty(LOG_PROPERTY) + ")");
            return FAILED;
        } catch (RuntimeException e) {
            err.println(command + ": " + e + " (log: " + System.getProperty(LOG_PROPERTY) + ")");
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(command + ": interrupted");
            return FAILED;
        }
    }
}
