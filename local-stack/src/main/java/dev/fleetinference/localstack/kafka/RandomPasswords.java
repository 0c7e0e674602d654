package dev.fleetinference.localstack.kafka;

import java.security.SecureRandom;

/** Random passwords for the secured cluster's stores and users. */
final class RandomPasswords {

    // letters and digits only: a password goes unescaped into SCRAM format arguments, JAAS strings and properties
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // 32 of 62 symbols: about 190 bits, beyond any guessing
    private static final int LENGTH = 32;

    private final SecureRandom random;

    RandomPasswords(SecureRandom random) {
        this.random = random;
    }

    String next() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
