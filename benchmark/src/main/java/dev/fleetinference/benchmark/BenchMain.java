package dev.fleetinference.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

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
        // before the first logger: the stream app's, Kafka's and DJL's logs go to a file beside the results
        if (System.getProperty(LOG_PROPERTY) == null) {
            System.setProperty(LOG_PROPERTY, options.out().resolve("bench.log").toString());
        }
        try {
            BenchResults results = new BenchRun(options, args, out).run();
            boolean exactlyOnce = results.rounds().stream().allMatch(RoundResult::exactlyOnce);
            if (!exactlyOnce) {
                err.println("bench: some events did not get exactly one prediction (see the rounds above)");
            }
            return exactlyOnce ? OK : FAILED;
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
