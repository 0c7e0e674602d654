package dev.fleetinference.modelregistry.catalog;

import java.util.regex.Pattern;

/** The rule for model names: what a URL path segment, a Kafka key part and a file name can all hold. */
public final class ModelNames {

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

    private ModelNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Returns {@code name} if it is valid; otherwise an IllegalArgumentException that quotes it. */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("a model name is 1 to 100 characters of a-z, A-Z, 0-9, '.', '_' "
                    + "and '-'; got '" + name + "'");
        }
        return name;
    }
}
