package dev.fleetinference.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command's settings as given: flags beat environment variables, which beat the properties file
 * named by {@code --config} / {@code FLEET_CONFIG}, which beats the defaults. Every read that finds
 * a bad value throws {@link IllegalArgumentException} naming the flag, variable and key.
 */
public final class Settings {

    /** The properties file every command accepts. */
    public static final Setting CONFIG = new Setting("--config", "FLEET_CONFIG", Optional.empty(), Optional.empty())
            .described("FILE", "a properties file with the keys above");

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|KiB|MiB|GiB)", Pattern.CASE_INSENSITIVE);

    private final Map<Setting, String> flags;
    private final Set<String> switches;
    private final List<String> parameters;
    private final Map<String, String> env;
    private final Properties file;

    private Settings(Map<Setting, String> flags, Set<String> switches, List<String> parameters,
                     Map<String, String> env, Properties file) {
        this.flags = flags;
        this.switches = switches;
        this.parameters = parameters;
        this.env = env;
        this.file = file;
    }

    /**
     * Reads {@code --flag value} and {@code --flag=value} for the {@code settings}, and bare {@code switches} such as
     * {@code --help}; anything else is an error. {@link Command} does the same with help text and subcommands.
     */
    public static Settings parse(List<String> args, Map<String, String> env, List<Setting> settings,
                                 Set<String> switches) {
        Command.Builder command = Command.named("command").settings(settings);
        switches.stream().sorted().forEach(name -> command.switches(Switch.of(name, "")));
        return command.build().parse(args, env);
    }

    /**
     * The settings given on a command line that {@link Command} has parsed; {@code withConfigFile} when the command
     * reads a {@code --config} file (some setting has a key there).
     */
    static Settings of(Map<Setting, String> flags, Collection<String> switches, List<String> parameters,
                       Map<String, String> env, boolean withConfigFile) {
        Optional<String> configFile = Optional.ofNullable(flags.get(CONFIG))
                .or(() -> Optional.ofNullable(env.get(CONFIG.env())))
                .filter(v -> withConfigFile && !v.isBlank());
        return new Settings(Map.copyOf(flags), Set.copyOf(switches), List.copyOf(parameters), Map.copyOf(env),
                load(configFile));
    }

    /** The positional parameters, in order. */
    public List<String> parameters() {
        return parameters;
    }

    /** Whether the bare switch (e.g. {@code --smoke}) was given. */
    public boolean has(String aSwitch) {
        return switches.contains(aSwitch);
    }

    /**
     * The value given by a flag, else the environment, else the file. A source that sets the setting
     * to blank hides the weaker ones, as if it had given nothing: an empty {@code FLEET_X=} does not
     * silently bring back the file's value.
     */
    public Optional<String> given(Setting setting) {
        return Optional.ofNullable(flags.get(setting))
                .or(() -> fromEnv(setting))
                .or(() -> setting.key().map(file::getProperty))
                .map(String::strip)
                .filter(v -> !v.isEmpty());
    }

    /** Whether some source sets the setting explicitly to a blank value. */
    public boolean givenBlank(Setting setting) {
        return Optional.ofNullable(flags.get(setting))
                .or(() -> fromEnv(setting))
                .or(() -> setting.key().map(file::getProperty))
                .map(String::isBlank)
                .orElse(false);
    }

    /** The given value, else the default, else empty. */
    public Optional<String> value(Setting setting) {
        return given(setting).or(setting::fallback);
    }

    public String required(Setting setting) {
        return value(setting).orElseThrow(() -> new IllegalArgumentException(setting.describe() + " is required"));
    }

    /** Like {@link #required}, but a value set explicitly to blank is an error rather than the default. */
    public String requiredNotBlank(Setting setting) {
        if (givenBlank(setting)) {
            throw new IllegalArgumentException(setting.describe() + " is set but empty");
        }
        return required(setting);
    }

    public int port(Setting setting) {
        return (int) whole(setting, 0, 65_535, "a port number 0-65535");
    }

    public int integer(Setting setting, int min, int max) {
        return (int) whole(setting, min, max, "a whole number from " + min + " to " + max);
    }

    /** A byte count: a whole number, or one followed by KiB, MiB or GiB. */
    public long size(Setting setting) {
        String text = required(setting);
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(setting.describe() + " must be a size such as 268435456 or 256MiB, got '"
                    + text + "'");
        }
        try {
            long value = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                case "kib" -> Math.multiplyExact(value, 1024L);
                case "mib" -> Math.multiplyExact(value, 1024L * 1024);
                case "gib" -> Math.multiplyExact(value, 1024L * 1024 * 1024);
                default -> value;
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(setting.describe() + " is out of range: '" + text + "'");
        }
    }

    /** A duration: a whole number followed by ms, s, m, h or d ({@code 500ms}, {@code 7d}). */
    public Duration duration(Setting setting) {
        return duration(setting, required(setting));
    }

    /** Durations separated by commas ({@code 10ms,20ms,1s}), in their order; at least one. */
    public List<Duration> durations(Setting setting) {
        List<Duration> durations = new ArrayList<>();
        for (String text : requiredNotBlank(setting).split(",", -1)) {
            durations.add(duration(setting, text.strip()));
        }
        return List.copyOf(durations);
    }

    private static Duration duration(Setting setting, String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(setting.describe() + " must be a duration such as 500ms, 30s, 5m, 2h "
                    + "or 7d, got '" + text + "'");
        }
        try {
            long value = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(value);
                case "s" -> Duration.ofSeconds(value);
                case "m" -> Duration.ofMinutes(value);
                case "h" -> Duration.ofHours(value);
                default -> Duration.ofDays(value);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(setting.describe() + " is out of range: '" + text + "'");
        }
    }

    /**
     * The properties file's entries whose keys start with {@code prefix}, with the prefix taken off: settings passed
     * through to a library as they are (e.g. {@code kafka.security.protocol}).
     */
    public Map<String, String> fileEntries(String prefix) {
        Map<String, String> entries = new TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                entries.put(key.substring(prefix.length()), file.getProperty(key).strip());
            }
        }
        return entries;
    }

    /**
     * The entries of the properties file {@code setting} names, as they are (a Kafka client's settings file, say);
     * empty if the setting is not given. A file that cannot be read fails naming the setting.
     */
    public Map<String, String> propertiesFile(Setting setting) {
        Optional<String> name = value(setting).filter(value -> !value.isBlank());
        if (name.isEmpty()) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(name.get()))) {
            properties.load(in);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException(setting.describe() + ": cannot read " + name.get() + ": "
                    + e.getMessage(), e);
        }
        Map<String, String> entries = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> entries.put(key, properties.getProperty(key).strip()));
        return entries;
    }

    private Optional<String> fromEnv(Setting setting) {
        return setting.hasEnv() ? Optional.ofNullable(env.get(setting.env())) : Optional.empty();
    }

    private long whole(Setting setting, long min, long max, String what) {
        String text = required(setting);
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.describe() + " must be " + what + ", got '" + text + "'");
        }
    }

    private static Properties load(Optional<String> path) {
        Properties properties = new Properties();
        if (path.isEmpty()) {
            return properties;
        }
        Path file = Path.of(path.get());
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config file given by " + CONFIG.describe() + ": "
                    + file.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
    }
}
