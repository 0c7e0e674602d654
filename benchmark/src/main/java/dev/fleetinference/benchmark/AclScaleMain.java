package dev.fleetinference.benchmark;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code ./fleet acl-scale}: the ACL model measured at fleet scale on a secured embedded Kafka node. */
public final class AclScaleMain {

    static final int OK = 0;
    static final int BAD_USAGE = 2;

    private AclScaleMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs the measurement as {@code main} would and returns its exit status. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        AclScaleOptions options;
        try {
            options = AclScaleOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("acl-scale: " + e.getMessage());
            return BAD_USAGE;
        }
        if (options.help()) {
            out.print(AclScaleOptions.USAGE);
            return OK;
        }
        try {
            return LoggedRun.in(options.out(), "acl-scale.log", "acl-scale", err, () -> {
                new AclScaleRun(options, out).run();
                return OK;
            });
        } finally {
            out.flush();
        }
    }
}
