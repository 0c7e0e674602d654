package dev.fleetinference.settings;

import java.util.Objects;
import java.util.Optional;

/**
 * One setting of a command: the flag, environment variable and properties-file key that can set it, its default (none
 * when the setting is required or optional without default), and how its help and the docs describe it.
 *
 * @param env          the environment variable, or empty for a setting that only a flag gives
 * @param label        the value's placeholder in the help, e.g. {@code N} or {@code DIR}
 * @param description  what the setting does, for the help and the docs' tables
 * @param shownDefault how the help names a default that is computed rather than fixed (e.g. "the host name")
 */
public record Setting(String flag, String env, Optional<String> key, Optional<String> fallback, String label,
                      String description, Optional<String> shownDefault) {

    public Setting {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(shownDefault, "shownDefault");
        if (!flag.startsWith("--")) {
            throw new IllegalArgumentException("a flag starts with --, got '" + flag + "'");
        }
    }

    public Setting(String flag, String env, Optional<String> key, Optional<String> fallback) {
        this(flag, env, key, fallback, "VALUE", "", Optional.empty());
    }

    /** A setting with no default. */
    public static Setting of(String flag, String env, String key) {
        return new Setting(flag, env, Optional.of(key), Optional.empty());
    }

    /** A setting that only its flag gives: no environment variable, no key in the config file. */
    public static Setting flagOnly(String flag) {
        return new Setting(flag, "", Optional.empty(), Optional.empty());
    }

    public Setting withDefault(String fallback) {
        return new Setting(flag, env, key, Optional.of(fallback), label, description, shownDefault);
    }

    /** The same setting with its value's placeholder and description for the help. */
    public Setting described(String label, String description) {
        return new Setting(flag, env, key, fallback, label, description, shownDefault);
    }

    /** The same setting, its computed default named in the help (the value itself is the command's to find). */
    public Setting showingDefault(String text) {
        return new Setting(flag, env, key, fallback, label, description, Optional.of(text));
    }

    /** Whether an environment variable can give it. */
    public boolean hasEnv() {
        return !env.isEmpty();
    }

    /** The default as the help shows it, if there is one. */
    public Optional<String> defaultText() {
        return fallback.or(() -> shownDefault);
    }

    /** How error messages name it: {@code --kafka-port (FLEET_KAFKA_PORT, kafka.port)}. */
    public String describe() {
        if (!hasEnv() && key.isEmpty()) {
            return flag;
        }
        return flag + " (" + env + key.map(k -> (hasEnv() ? ", " : "") + k).orElse("") + ")";
    }
}
