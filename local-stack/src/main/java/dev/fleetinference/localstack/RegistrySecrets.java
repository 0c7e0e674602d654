package dev.fleetinference.localstack;

import java.security.SecureRandom;

/**
 * What a secured stack's registries ask of their HTTP clients, made anew at every start (the stack starts both
 * registries itself, so nothing else has to know them beforehand).
 *
 * @param modelRegistryReadToken the bearer token that reads of the model registry need
 * @param schemaRegistry         the one user allowed to write to the schema registry
 */
record RegistrySecrets(String modelRegistryReadToken, SchemaRegistryCredentials schemaRegistry) {

    /** The schema registry's user on a secured stack. */
    static final String SCHEMA_REGISTRY_USER = "fleet";
    // letters and digits only: they go unescaped into properties files, environment variables and headers
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // 32 of 62 symbols: about 190 bits
    private static final int LENGTH = 32;

    static RegistrySecrets generate(SecureRandom random) {
        return new RegistrySecrets(random(random), new SchemaRegistryCredentials(SCHEMA_REGISTRY_USER, random(random)));
    }

    private static String random(SecureRandom random) {
        StringBuilder text = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    // the generated toString would print the secrets
    @Override
    public String toString() {
        return "RegistrySecrets[modelRegistryReadToken=****, schemaRegistry=" + schemaRegistry + "]";
    }
}
