package dev.fleetinference.settings;

import java.util.List;
import java.util.Objects;

/** A bare flag of a command that takes no value, such as {@code --smoke}; its first name is the one the help shows last. */
public record Switch(List<String> names, String description) {

    public Switch {
        names = List.copyOf(names);
        Objects.requireNonNull(description, "description");
        if (names.isEmpty() || names.stream().anyMatch(name -> !name.startsWith("-"))) {
            throw new IllegalArgumentException("a switch has one or more names that start with -, got " + names);
        }
    }

    public static Switch of(String name, String description) {
        return new Switch(List.of(name), description);
    }

    /** The switch every command has: {@code -h, --help}. */
    static Switch help() {
        return new Switch(List.of("-h", "--help"), "print this text and exit");
    }
}
