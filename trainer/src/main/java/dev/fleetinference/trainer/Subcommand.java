package dev.fleetinference.trainer;

import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Settings;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** One verb of the trainer's command line (e.g. {@code train}, {@code register}). */
interface Subcommand {

    /** Its command line: the word that selects it, its summary (the description's first line), options and help. */
    Command command();

    /**
     * Runs with the arguments after the subcommand's name and returns the exit status.
     *
     * @throws UsageException if the arguments are wrong
     */
    int run(List<String> args, PrintStream out);

    /** The settings {@code args} give a subcommand's {@code command}; {@link UsageException} if it refuses them. */
    static Settings parse(Command command, List<String> args, Map<String, String> env) {
        try {
            return command.parse(args, env);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
