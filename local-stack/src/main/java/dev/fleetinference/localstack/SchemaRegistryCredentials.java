package dev.fleetinference.localstack;

import java.util.Objects;

/**
 * A schema-registry user's HTTP basic-auth credentials.
 *
 * @param user     the user name (no ':')
 * @param password its password
 */
public record SchemaRegistryCredentials(String user, String password) {

    public SchemaRegistryCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("user must be non-empty and hold no ':', got '" + user + "'");
        }
    }

    /** {@code user:password}, as a client's basic-auth setting takes it. */
    public String userInfo() {
        return user + ":" + password;
    }

    // the generated toString would print the password
    @Override
    public String toString() {
        return "SchemaRegistryCredentials[user=" + user + ", password=****]";
    }
}
