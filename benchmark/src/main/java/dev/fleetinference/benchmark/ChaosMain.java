package dev.fleetinference.benchmark;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code ./fleet chaos}: scripted faults against the pipeline under a steady load, on the embedded stack. */
public final class ChaosMain {

    static final int OK = 0;
    static final int FAILED = LoggedRun.FAILED;
    static final int BAD_USAGE = 2;

    private ChaosMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** {@link #FAILED} (saying which on {@code err}) when a scenario failed; skipped ones do not fail the run. */
    static int verdict(List<ScenarioResult> results, PrintStream err) {
        List<ScenarioResult> failed = results.stream()
                .filter(r -> r.verdict() == ScenarioResult.Verdict.FAIL).toList();
        if (failed.isEmpty()) {
            return OK;
        }
        err.println("chaos: FAILED: " + failed.stream().map(r -> "scenario " + r.number() + " ("
                + (r.lostOrDoubled() ? "events lost or doubled" : r.failures().get(0)) + ")")
                .collect(Collectors.joining("; ")));
        return FAILED;
    }

    /** Runs the chaos run as {@code main} would and returns its exit status. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("chaos: " + e.getMessage());
            return BAD_USAGE;
        }
        if (options.help()) {
            out.print(ChaosOptions.USAGE);
            return OK;
        }
        try {
            return LoggedRun.in(options.out(), "chaos.log", "chaos", err,
                    () -> verdict(new ChaosRun(options, args, out).run(), err));
        } finally {
            out.flush();
        }
    }
}
