package dev.fleetinference.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * A command's command line: its settings, switches, positional parameters and subcommands, parsed by picocli (typo
 * suggestions, {@code --flag=value}, one help layout for every command) and resolved by {@link Settings} (flag, then
 * {@code FLEET_*} variable, then {@code --config} file, then default). Errors are {@link IllegalArgumentException}s
 * with a message for the user.
 */
public final class Command {

    private static final int HELP_WIDTH = 110;
    // wide enough for most of our flags with their value, so that descriptions start in one column
    private static final int LONG_OPTIONS_WIDTH = 34;

    private final String name;
    private final String description;
    private final Optional<String> synopsis;
    private final List<Setting> settings;
    private final List<Switch> switches;
    private final Optional<Parameters> parameters;
    private final String footer;
    private final List<Command> subcommands;

    private Command(Builder builder) {
        this.name = builder.name;
        this.description = builder.description;
        this.synopsis = builder.synopsis;
        this.settings = List.copyOf(builder.settings);
        this.switches = List.copyOf(builder.switches);
        this.parameters = builder.parameters;
        this.footer = builder.footer;
        this.subcommands = List.copyOf(builder.subcommands);
    }

    /** Positional parameters, e.g. the model directory of {@code trainer register DIR}. */
    public record Parameters(String label, String description) {
    }

    /**
     * The subcommand a command line selected and its settings; the group itself when none was named.
     *
     * @param name the selected command as the line named it, after its group's name ({@code fleet-simulator simulate})
     */
    public record Selection(Command command, String name, Settings settings) {

        /** The selected command's help, its synopsis naming the group it was selected from. */
        public String usage() {
            return command.usage(name);
        }
    }

    /** A command line the command refuses (an unknown option or command, a missing value); the message says why. */
    public static final class Refused extends IllegalArgumentException {

        private final String command;

        Refused(String message, String command) {
            super(message);
            this.command = command;
        }

        /** The command whose arguments were refused, after its group's name ({@code trainer train}). */
        public String command() {
            return command;
        }
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The settings in the order the help lists them (without {@code --config}). */
    public List<Setting> settings() {
        return settings;
    }

    public List<Command> subcommands() {
        return subcommands;
    }

    /** The command line's settings, resolved against {@code env} and the {@code --config} file. */
    public Settings parse(List<String> args, Map<String, String> env) {
        return settingsOf(this, parseArgs(args), env);
    }

    /** For a command with subcommands: which one the arguments name, and its settings. */
    public Selection select(List<String> args, Map<String, String> env) {
        ParseResult result = parseArgs(args);
        Command selected = this;
        while (result.hasSubcommand()) {
            result = result.subcommand();
            String chosen = result.commandSpec().name();
            selected = selected.subcommands.stream().filter(c -> c.name.equals(chosen)).findFirst().orElseThrow();
        }
        return new Selection(selected, result.commandSpec().qualifiedName(), settingsOf(selected, result, env));
    }

    /** The help text: synopsis, description, each option with its variable, key and default, then the footer. */
    public String usage() {
        return usage(name);
    }

    private String usage(String qualifiedName) {
        return new CommandLine(spec().name(qualifiedName)).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * The settings as a Markdown table (flag, environment, file key, default, meaning), as the docs show it; the same
     * definitions make the help, so the two cannot drift apart.
     */
    public String referenceTable() {
        StringBuilder table = new StringBuilder("| flag | environment | file key | default | meaning |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (Setting setting : withConfig()) {
            table.append("| `").append(setting.flag()).append(' ').append(setting.label()).append("` | ")
                    .append(setting.hasEnv() ? "`" + setting.env() + "`" : "").append(" | ")
                    .append(setting.key().map(k -> "`" + k + "`").orElse("")).append(" | ")
                    .append(setting.fallback().map(f -> "`" + f + "`").or(setting::shownDefault).map(Command::cell)
                            .orElse("none")).append(" | ")
                    .append(cell(setting.description())).append(" |\n");
        }
        for (Switch aSwitch : switches) {
            table.append("| `").append(String.join("`, `", aSwitch.names())).append("` | | | | ")
                    .append(cell(aSwitch.description())).append(" |\n");
        }
        return table.toString();
    }

    private List<Setting> withConfig() {
        List<Setting> all = new ArrayList<>(settings);
        if (hasConfigFile()) {
            all.add(Settings.CONFIG);
        }
        return all;
    }

    // a file only helps settings it has keys for
    private boolean hasConfigFile() {
        return settings.stream().anyMatch(s -> s.key().isPresent());
    }

    // Markdown would take <deviceId> for an HTML tag
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "\\<").replace("\n", " ");
    }

    private ParseResult parseArgs(List<String> args) {
        CommandLine commandLine = new CommandLine(spec());
        try {
            return commandLine.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new Refused(refusal(e), e.getCommandLine().getCommandSpec().qualifiedName());
        }
    }

    private static String refusal(CommandLine.ParameterException refused) {
        if (refused instanceof CommandLine.UnmatchedArgumentException e) {
            String first = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
            List<String> suggestions = e.getSuggestions();
            String hint = suggestions.isEmpty() ? "" : "did you mean " + String.join(" or ", suggestions) + "? ";
            String what = first.startsWith("-") ? "unknown option '" + first.split("=", 2)[0] + "'"
                    : e.getCommandLine().getSubcommands().isEmpty() ? "unexpected argument '" + first + "'"
                    : "unknown command '" + first + "'";
            return what + " (" + hint + "see --help)";
        }
        if (refused instanceof CommandLine.MissingParameterException e) {
            String missing = e.getMissing().stream().map(Command::nameOf).collect(Collectors.joining(", "));
            return "option " + missing + " needs a value (see --help)";
        }
        if (refused instanceof CommandLine.OverwrittenOptionException e) {
            return "option " + nameOf(e.getOverwritten()) + " is given more than once";
        }
        return refused.getMessage() + " (see --help)";
    }

    private static String nameOf(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    private static Settings settingsOf(Command command, ParseResult result, Map<String, String> env) {
        Map<Setting, String> flags = new java.util.HashMap<>();
        for (Setting setting : command.withConfig()) {
            OptionSpec option = result.matchedOption(setting.flag());
            if (option != null) {
                flags.put(setting, option.stringValues().get(0));
            }
        }
        List<String> switches = new ArrayList<>();
        for (Switch aSwitch : command.allSwitches()) {
            if (result.hasMatchedOption(aSwitch.names().get(0))) {
                switches.addAll(aSwitch.names());
            }
        }
        List<String> parameters = result.matchedPositionals().stream()
                .flatMap(p -> p.stringValues().stream()).toList();
        return Settings.of(flags, switches, parameters, env, command.hasConfigFile());
    }

    private List<Switch> allSwitches() {
        boolean ownHelp = switches.stream().anyMatch(s -> s.names().contains("--help"));
        List<Switch> all = new ArrayList<>(switches);
        if (!ownHelp) {
            all.add(Switch.help());
        }
        return all;
    }

    private CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.parser().expandAtFiles(false).overwrittenOptionsAllowed(false).unmatchedArgumentsAllowed(false)
                .trimQuotes(false).abbreviatedOptionsAllowed(false).abbreviatedSubcommandsAllowed(false);
        spec.usageMessage().width(HELP_WIDTH).longOptionsMaxWidth(LONG_OPTIONS_WIDTH).sortOptions(false)
                .description(lines(description))
                .footer(footer.isEmpty() ? new String[0] : ("%n" + escaped(footer)).split("\n", -1))
                .showEndOfOptionsDelimiterInUsageHelp(false).abbreviateSynopsis(true)
                .descriptionHeading(description.isEmpty() ? "" : "%n")
                .optionListHeading(hasConfigFile() ? "%nOptions (flag, [environment variable, key in the --config "
                        + "file]):%n" : "%nOptions:%n").parameterListHeading("%nParameters:%n")
                .commandListHeading("%nCommands (COMMAND --help for each one's options):%n");
        if (!subcommands.isEmpty()) {
            spec.usageMessage().synopsisSubcommandLabel("COMMAND");
        }
        synopsis.ifPresent(text -> spec.usageMessage().customSynopsis(escaped(text)));
        for (Setting setting : withConfig()) {
            spec.addOption(OptionSpec.builder(setting.flag()).paramLabel(setting.label()).arity("1")
                    .type(String.class).description(helpLines(setting)).build());
        }
        for (Switch aSwitch : allSwitches()) {
            spec.addOption(OptionSpec.builder(aSwitch.names().toArray(String[]::new)).arity("0").type(boolean.class)
                    .usageHelp(aSwitch.names().contains("--help")).description(escaped(aSwitch.description()))
                    .build());
        }
        parameters.ifPresent(p -> spec.addPositional(PositionalParamSpec.builder().paramLabel(p.label())
                .arity("0..*").type(String[].class).description(escaped(p.description())).build()));
        // the list of commands shows each one's first line of description
        subcommands.forEach(subcommand -> spec.addSubcommand(subcommand.name, subcommand.spec()));
        return spec;
    }

    private static String[] helpLines(Setting setting) {
        List<String> lines = new ArrayList<>();
        if (!setting.description().isEmpty()) {
            lines.add(setting.description());
        }
        List<String> sources = new ArrayList<>();
        if (setting.hasEnv()) {
            sources.add(setting.env());
        }
        setting.key().ifPresent(key -> sources.add("key " + key));
        if (!sources.isEmpty()) {
            lines.add("[" + String.join(", ", sources) + "]");
        }
        // a line of its own, so that a URL is not broken at its dots
        setting.defaultText().ifPresent(text -> lines.add("default: " + text));
        return lines.stream().map(Command::escaped).toArray(String[]::new);
    }

    private static String[] lines(String text) {
        return text.isEmpty() ? new String[0] : escaped(text).split("\n", -1);
    }

    // picocli reads help texts as format strings
    private static String escaped(String text) {
        return text.replace("%", "%%");
    }

    /** Builds a {@link Command}; only the name is required. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private Optional<String> synopsis = Optional.empty();
        private final List<Setting> settings = new ArrayList<>();
        private final List<Switch> switches = new ArrayList<>();
        private Optional<Parameters> parameters = Optional.empty();
        private String footer = "";
        private final List<Command> subcommands = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** What the command does, shown under the synopsis; its first line is its summary among subcommands. */
        public Builder description(String description) {
            this.description = description.strip();
            return this;
        }

        /**
         * The synopsis as written, for a command whose generated one ({@code name [OPTIONS]}) would not say which
         * options it needs, e.g. {@code trainer register --registry URL --name NAME [--promote] DIR}.
         */
        public Builder synopsis(String synopsis) {
            this.synopsis = Optional.of(synopsis.strip());
            return this;
        }

        public Builder settings(List<Setting> settings) {
            this.settings.addAll(settings);
            return this;
        }

        public Builder switches(Switch... switches) {
            this.switches.addAll(List.of(switches));
            return this;
        }

        public Builder parameters(String label, String description) {
            this.parameters = Optional.of(new Parameters(label, description));
            return this;
        }

        /** Text after the options, such as where logs go. */
        public Builder footer(String footer) {
            this.footer = footer.strip();
            return this;
        }

        public Builder subcommands(Command... subcommands) {
            this.subcommands.addAll(List.of(subcommands));
            return this;
        }

        public Command build() {
            return new Command(this);
        }
    }
}
