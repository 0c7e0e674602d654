package dev.fleetinference.modelregistry.client;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the model registry is and how to talk to it.
 *
 * @param baseUrl         http(s) address of the registry; a trailing slash is dropped
 * @param token           the bearer token sent with every call: the write token to register and change stages,
 *                        the read token (or the write token) to list and download where the registry has one
 * @param connectTimeout  time limit for opening a connection
 * @param requestTimeout  time limit for a JSON call, until its answer's headers arrive
 * @param transferTimeout time limit for an upload to get its answer's headers, and for a download
 *                        to finish, body included
 */
public record ModelRegistryClientConfig(
        URI baseUrl, Optional<String> token, Duration connectTimeout, Duration requestTimeout, Duration transferTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TRANSFER_TIMEOUT = Duration.ofMinutes(5);

    public ModelRegistryClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl must not be null");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL with a host, got '" + baseUrl + "'");
        }
        String text = baseUrl.toString();
        baseUrl = text.endsWith("/") ? URI.create(text.replaceAll("/+$", "")) : baseUrl;
        Objects.requireNonNull(token, "token must not be null; use Optional.empty()");
        token.ifPresent(t -> {
            // the token is a secret, so the message never echoes it
            if (t.isBlank() || t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("token must be non-empty printable ASCII without spaces");
            }
        });
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("transferTimeout", transferTimeout);
    }

    /** The registry at {@code url}, no token (reads of a registry without a read token only), default timeouts. */
    public static ModelRegistryClientConfig of(String url) {
        Objects.requireNonNull(url, "baseUrl must not be null");
        return new ModelRegistryClientConfig(URI.create(url.trim()), Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_TRANSFER_TIMEOUT);
    }

    public ModelRegistryClientConfig withToken(String bearerToken) {
        return new ModelRegistryClientConfig(baseUrl, Optional.of(bearerToken), connectTimeout, requestTimeout,
                transferTimeout);
    }

    public ModelRegistryClientConfig withTimeouts(Duration connect, Duration request, Duration transfer) {
        return new ModelRegistryClientConfig(baseUrl, token, connect, request, transfer);
    }

    // The generated toString would print the token into logs.
    @Override
    public String toString() {
        return "ModelRegistryClientConfig[baseUrl=" + baseUrl + ", token=" + token.map(t -> "****").orElse("none")
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", transferTimeout=" + transferTimeout + "]";
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
