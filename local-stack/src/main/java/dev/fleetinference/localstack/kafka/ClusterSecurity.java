package dev.fleetinference.localstack.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A secured cluster's credentials, and the broker properties and client settings made from them: clients log in
 * with SCRAM-SHA-512 over TLS ({@code SASL_SSL}), the nodes reach their controllers with a static PLAIN user on the
 * loopback-only controller listener, and the StandardAuthorizer lets nobody but the super users in without an ACL.
 *
 * @param keyStore           the brokers' PKCS12 key store: their private key and certificate chain
 * @param trustStore         the clients' PKCS12 trust store: the CA that signed the brokers' certificate
 * @param caCertificate      the same CA as PEM, for clients that read no PKCS12
 * @param keyStorePassword   opens {@code keyStore} (and its key: PKCS12 has one password for both)
 * @param trustStorePassword opens {@code trustStore}
 * @param adminPassword      the SCRAM password of {@link #ADMIN}, a super user; the brokers replicate as it too
 * @param controllerPassword the PLAIN password of {@link #CONTROLLER}, the nodes' login to their controllers
 */
public record ClusterSecurity(Path keyStore, Path trustStore, Path caCertificate, String keyStorePassword,
                              String trustStorePassword, String adminPassword, String controllerPassword) {

    /** The super user clients log in as with {@link #adminClientSettings()}. */
    public static final String ADMIN = "admin";
    /** The static user of the controller listener; never a client's. */
    public static final String CONTROLLER = "controller";
    /** The SASL mechanism of every client login. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    static final String CLIENT_LISTENER = "SASL_SSL";
    private static final String STORE_TYPE = "PKCS12";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    public ClusterSecurity {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(caCertificate, "caCertificate");
        List.of(keyStorePassword, trustStorePassword, adminPassword, controllerPassword).forEach(password -> {
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("every password of a secured cluster must be set");
            }
        });
        keyStore = keyStore.toAbsolutePath();
        trustStore = trustStore.toAbsolutePath();
        caCertificate = caCertificate.toAbsolutePath();
    }

    /** What a client sets (besides {@code bootstrap.servers}) to log in as the admin, a super user. */
    public Map<String, String> adminClientSettings() {
        return clientSettings(ADMIN, adminPassword);
    }

    /**
     * What a client sets (besides {@code bootstrap.servers}) to log in as {@code user}: SCRAM-SHA-512 over TLS,
     * trusting the cluster's CA. The user needs a SCRAM credential ({@code Admin.alterUserScramCredentials}) and
     * ACLs for whatever it does.
     */
    public Map<String, String> clientSettings(String user, String password) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a client logs in with a user name, got '" + user + "'");
        }
        Objects.requireNonNull(password, "password of user " + user);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", SCRAM_MECHANISM);
        settings.put("sasl.jaas.config", SCRAM_LOGIN + " required username=" + quoted(user)
                + " password=" + quoted(password) + ";");
        settings.put("ssl.truststore.location", trustStore.toString());
        settings.put("ssl.truststore.password", trustStorePassword);
        settings.put("ssl.truststore.type", STORE_TYPE);
        return Map.copyOf(settings);
    }

    /** {@code Formatter.setScramArguments}: the admin's SCRAM credential, in the metadata from the first start. */
    List<String> scramArguments() {
        return List.of(SCRAM_MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]");
    }

    /** The broker properties that replace the plaintext listeners, for a node on these two ports of 127.0.0.1. */
    Map<String, String> brokerProperties(int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", CLIENT_LISTENER + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + port);
        // the controller listener stays without TLS: it is bound to the loopback address, and its PLAIN login
        // keeps a client that finds the port from joining the quorum
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", SCRAM_LOGIN + " required username="
                + quoted(ADMIN) + " password=" + quoted(adminPassword) + ";");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        // username/password: how this node logs in to the controllers; user_controller: whom its controller lets in
        p.put("listener.name.controller.plain.sasl.jaas.config", PLAIN_LOGIN + " required username="
                + quoted(CONTROLLER) + " password=" + quoted(controllerPassword) + " user_" + CONTROLLER + "="
                + quoted(controllerPassword) + ";");
        p.put("ssl.keystore.type", STORE_TYPE);
        p.put("ssl.keystore.location", keyStore.toString());
        p.put("ssl.keystore.password", keyStorePassword);
        p.put("ssl.key.password", keyStorePassword);
        // a broker replicating from another is a TLS client of it and checks its certificate against the same CA
        p.put("ssl.truststore.type", STORE_TYPE);
        p.put("ssl.truststore.location", trustStore.toString());
        p.put("ssl.truststore.password", trustStorePassword);
        p.put("ssl.client.auth", "none");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN + ";User:" + CONTROLLER);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** Masks the passwords: a logged configuration must not carry them. */
    @Override
    public String toString() {
        return "ClusterSecurity[keyStore=" + keyStore + ", trustStore=" + trustStore + ", caCertificate="
                + caCertificate + ", passwords masked]";
    }

    /** A JAAS string value: backslashes and double quotes escaped, as the JAAS parser reads them. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
