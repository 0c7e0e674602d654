package dev.fleetinference.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.core.config.Configurator;

/** {@code ./fleet bench}: the scoring pipeline measured against its own limits on the embedded stack. */
public final class BenchMain {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;
    /** The log file's path, read by this module's log4j2.xml. */
    static final String LOG_PROPERTY = "fleet.bench.log";

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /**
     * The exit status of a run that completed: {@link #FAILED} (with what went wrong on {@code err}) when an event of a
     * round or of the crash run did not get exactly one prediction; {@code crashLogs} holds the crash run's logs.
     */
    static int verdict(BenchResults results, Path crashLogs, PrintStream err) {
        if (!results.rounds().stream().allMatch(RoundResult::exactlyOnce)) {
            err.println("bench: some events did not get exactly one prediction (see the rounds above)");
        }
        CrashResult crash = results.crash();
        if (crash != null && !crash.exactlyOnce()) {
            err.printf(Locale.ROOT, "bench: crash run FAILED: after %d SIGKILL%s, %,d of %,d events have no "
                            + "prediction and %,d predictions are duplicates; exactly-once does not hold (logs: %s)%n",
                    crash.kills().size(), crash.kills().size() == 1 ? "" : "s", crash.missing(), crash.events(),
                    crash.duplicates(), crashLogs);
        }
        return results.exactlyOnce() ? OK : FAILED;
    }

    /** Runs the benchmark as {@code main} would and returns its exit status. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return BAD_USAGE;
        }
        if (options.help()) {
            out.print(BenchOptions.USAGE);
            return OK;
        }
        // the plots are drawn off-screen
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(options.out());
        } catch (IOException e) {
            err.println("bench: cannot create the output directory " + options.out() + ": " + e.getMessage());
            return FAILED;
        }
        // the stream app's, Kafka's and DJL's logs go to a file beside the results; reading the options may have
        // started logging already (Kafka's config classes log from their static initialisers), so log4j reads its
        // configuration again with the path set
        if (System.getProperty(LOG_PROPERTY) == null) {
            System.setProperty(LOG_PROPERTY, options.out().resolve("bench.log").toString());
            Configurator.reconfigure();
        }
        try {
            BenchResults results = new BenchRun(options, args, out).run();
            return verdict(results, options.out().resolve(CrashRun.LOG_DIR), err);
        } catch (BenchFailedException | UncheckedIOException e) {
            err.println("bench: " + e.getMessage() + " (log: " + System.getProperty(LOG_PROPERTY) + ")");
            return FAILED;
        } catch (RuntimeException e) {
            err.println("bench: " + e + " (log: " + System.getProperty(LOG_PROPERTY) + ")");
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bench: interrupted");
            return FAILED;
        } finally {
            out.flush();
        }
    }
}
