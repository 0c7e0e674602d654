package dev.fleetinference.trainer;

import dev.fleetinference.settings.Command;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The trainer's command line: {@code trainer SUBCOMMAND [options]}; exit status 2 means bad usage. */
public final class TrainerMain {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;

    private final Map<String, Subcommand> subcommands = new LinkedHashMap<>();
    private final Command command;

    TrainerMain(List<Subcommand> subcommands) {
        subcommands.forEach(subcommand -> this.subcommands.put(subcommand.command().name(), subcommand));
        this.command = Command.named("trainer").synopsis("trainer SUBCOMMAND [OPTIONS]")
                .description("Trains the anomaly model and registers it with the model registry.")
                .subcommands(subcommands.stream().map(Subcommand::command).toArray(Command[]::new))
                .build();
    }

    public static void main(String[] args) {
        System.exit(new TrainerMain(List.of(new TrainCommand(), new RegisterCommand(System.getenv()))).run(args, System.out, System.err));
    }

    int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(command.usage());
            return args.length == 0 ? BAD_USAGE : OK;
        }
        Subcommand subcommand = subcommands.get(args[0]);
        if (subcommand == null) {
            err.println("trainer: unknown subcommand '" + args[0] + "'");
            err.print(command.usage());
            return BAD_USAGE;
        }
        String name = "trainer " + subcommand.command().name();
        try {
            return subcommand.run(List.of(Arrays.copyOfRange(args, 1, args.length)), out);
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.println("Run '" + name + " --help' for the options.");
            return BAD_USAGE;
        } catch (CommandFailedException e) {
            err.println(name + ": " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            err.println(name + " failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }
}
