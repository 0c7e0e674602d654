package dev.fleetinference.benchmark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code ./fleet bench}: the scoring pipeline measured against its own limits on the embedded stack. */
public final class BenchMain {

    static final int OK = 0;
    static final int FAILED = LoggedRun.FAILED;
    static final int BAD_USAGE = 2;

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
            return LoggedRun.in(options.out(), "bench.log", "bench", err, () -> verdict(
                    new BenchRun(options, args, out).run(), options.out().resolve(CrashRun.LOG_DIR), err));
        } finally {
            out.flush();
        }
    }
}
