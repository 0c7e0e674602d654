package dev.fleetinference.trainer;

import java.io.PrintStream;
import java.util.List;

/** One verb of the trainer's command line (e.g. {@code train}, {@code register}). */
interface Subcommand {

    /** The word that selects this subcommand. */
    String name();

    /** One line for the top-level help. */
    String summary();

    /**
     * Runs with the arguments after the subcommand's name and returns the exit status.
     *
     * @throws UsageException if the arguments are wrong
     */
    int run(List<String> args, PrintStream out);
}
