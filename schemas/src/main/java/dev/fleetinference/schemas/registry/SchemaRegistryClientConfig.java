package dev.fleetinference.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Schema Registry is and how to talk to it.
 *
 * @param baseUrl        http(s) address of the registry; a trailing slash is dropped
 * @param basicAuth      "user:password" sent as HTTP basic auth, if present
 * @param maxAttempts    attempts per call, including the first (at least 1)
 * @param initialBackoff pause before the first retry; doubles per retry up to {@link #MAX_BACKOFF}
 * @param requestTimeout time limit for connecting and for each request
 */
public record SchemaRegistryClientConfig(
        URI baseUrl,
        Optional<String> basicAuth,
        int maxAttempts,
        Duration initialBackoff,
        Duration requestTimeout) {

    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Longest pause between two attempts, unless initialBackoff itself is longer. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    public SchemaRegistryClientConfig {
        baseUrl = validBaseUrl(baseUrl);
        Objects.requireNonNull(basicAuth, "basicAuth must not be null; use Optional.empty()");
        basicAuth.ifPresent(SchemaRegistryClientConfig::checkUserInfo);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout must not be null");
        if (requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
    }

    /** The registry at {@code url} with no auth and default retries and timeouts. */
    public static SchemaRegistryClientConfig of(String url) {
        Objects.requireNonNull(url, "baseUrl must not be null");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getMessage(), e);
        }
        return new SchemaRegistryClientConfig(
                uri, Optional.empty(), DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_REQUEST_TIMEOUT);
    }

    public SchemaRegistryClientConfig withBasicAuth(String userAndPassword) {
        return new SchemaRegistryClientConfig(
                baseUrl, Optional.of(userAndPassword), maxAttempts, initialBackoff, requestTimeout);
    }

    public SchemaRegistryClientConfig withMaxAttempts(int attempts) {
        return new SchemaRegistryClientConfig(baseUrl, basicAuth, attempts, initialBackoff, requestTimeout);
    }

    public SchemaRegistryClientConfig withInitialBackoff(Duration backoff) {
        return new SchemaRegistryClientConfig(baseUrl, basicAuth, maxAttempts, backoff, requestTimeout);
    }

    public SchemaRegistryClientConfig withRequestTimeout(Duration timeout) {
        return new SchemaRegistryClientConfig(baseUrl, basicAuth, maxAttempts, initialBackoff, timeout);
    }

    // The generated toString would print the password into logs.
    @Override
    public String toString() {
        return "SchemaRegistryClientConfig[baseUrl=" + baseUrl
                + ", basicAuth=" + basicAuth.map(u -> u.substring(0, u.indexOf(':')) + ":****").orElse("none")
                + ", maxAttempts=" + maxAttempts
                + ", initialBackoff=" + initialBackoff
                + ", requestTimeout=" + requestTimeout + "]";
    }

    private static URI validBaseUrl(URI url) {
        Objects.requireNonNull(url, "baseUrl must not be null");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, was '" + url + "'");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must name a host, was '" + url + "'");
        }
        // Credentials in the URL would end up in exception messages and logs.
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must not contain credentials; use basicAuth instead");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not have a query or fragment, was '" + url + "'");
        }
        String text = url.toString();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return end == text.length() ? url : URI.create(text.substring(0, end));
    }

    private static void checkUserInfo(String userAndPassword) {
        // The value is a secret, so the messages never echo it.
        Objects.requireNonNull(userAndPassword, "basicAuth must not be null");
        if (userAndPassword.indexOf(':') < 1) {
            throw new IllegalArgumentException("basicAuth must have the form 'user:password' with a non-empty user");
        }
    }
}
