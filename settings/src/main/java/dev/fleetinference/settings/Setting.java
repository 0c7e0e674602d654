package dev.fleetinference.settings;

import java.util.Objects;
import java.util.Optional;

/**
 * One setting of a command: the flag, environment variable and properties-file key that can set
 * it, and its default (none when the setting is required or optional without default).
 */
public record Setting(String flag, String env, Optional<String> key, Optional<String> fallback) {

    public Setting {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fallback, "fallback");
        if (!flag.startsWith("--")) {
            throw new IllegalArgumentException("a flag starts with --, got '" + flag + "'");
        }
    }

    /** A setting with no default. */
    public static Setting of(String flag, String env, String key) {
        return new Setting(flag, env, Optional.of(key), Optional.empty());
    }

    public Setting withDefault(String fallback) {
        return new Setting(flag, env, key, Optional.of(fallback));
    }

    /** How error messages name it: {@code --kafka-port (FLEET_KAFKA_PORT, kafka.port)}. */
    public String describe() {
        return flag + " (" + env + key.map(k -> ", " + k).orElse("") + ")";
    }
}
