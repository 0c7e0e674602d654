package dev.fleetinference.localstack.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Properties;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Keeps a secured cluster's credentials in {@code <data dir>/security}: made at the first secured start, read back
 * at every later one, so a restarted broker serves the same certificate and knows the same passwords as the
 * metadata it was formatted with.
 */
final class ClusterSecurityStore {

    private static final String KEY_STORE = "broker.keystore.p12";
    private static final String TRUST_STORE = "client.truststore.p12";
    private static final String CA_CERTIFICATE = "ca.crt";
    // written last: a start interrupted while making the rest leaves no secrets file, and the next start makes
    // everything again
    private static final String SECRETS = "secrets.properties";

    private final Path directory;
    private final RandomPasswords passwords;
    private final LocalCertificateAuthority authority;

    ClusterSecurityStore(Path directory, RandomPasswords passwords, LocalCertificateAuthority authority) {
        this.directory = directory.toAbsolutePath();
        this.passwords = passwords;
        this.authority = authority;
    }

    /** The store of the cluster whose data directory is {@code clusterDataDir}, with fresh randomness. */
    static ClusterSecurityStore of(Path clusterDataDir) {
        SecureRandom random = new SecureRandom();
        return new ClusterSecurityStore(clusterDataDir.resolve("security"), new RandomPasswords(random),
                new LocalCertificateAuthority(random, Clock.systemUTC()));
    }

    /** Whether a secured start has made the credentials here already. */
    boolean exists() {
        return Files.exists(directory.resolve(SECRETS));
    }

    /** The credentials kept here, made first if there are none. */
    ClusterSecurity loadOrCreate() {
        try {
            return exists() ? load() : create();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the cluster's credentials in " + directory, e);
        }
    }

    private ClusterSecurity load() throws IOException {
        Properties secrets = new Properties();
        try (var in = Files.newBufferedReader(directory.resolve(SECRETS), StandardCharsets.UTF_8)) {
            secrets.load(in);
        }
        for (Path file : new Path[] {directory.resolve(KEY_STORE), directory.resolve(TRUST_STORE)}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " is missing, though " + directory.resolve(SECRETS)
                        + " is there: the brokers cannot serve TLS without it. Remove " + directory
                        + " and the cluster's data to start over");
            }
        }
        return new ClusterSecurity(directory.resolve(KEY_STORE), directory.resolve(TRUST_STORE),
                directory.resolve(CA_CERTIFICATE), required(secrets, "keystore.password"),
                required(secrets, "truststore.password"), required(secrets, "admin.password"),
                required(secrets, "controller.password"));
    }

    private ClusterSecurity create() throws IOException {
        Files.createDirectories(directory);
        ClusterSecurity security = new ClusterSecurity(directory.resolve(KEY_STORE), directory.resolve(TRUST_STORE),
                directory.resolve(CA_CERTIFICATE), passwords.next(), passwords.next(), passwords.next(),
                passwords.next());
        LocalCertificateAuthority.Issued issued = authority.issue();
        try {
            KeyStore keyStore = emptyStore();
            keyStore.setKeyEntry("broker", issued.brokerKey(), security.keyStorePassword().toCharArray(),
                    issued.chain());
            OwnerOnlyFiles.write(security.keyStore(), bytes(keyStore, security.keyStorePassword()));
            KeyStore trustStore = emptyStore();
            trustStore.setCertificateEntry("ca", issued.ca());
            // holds no secret, but its password is the clients' to know: only its owner reads it as well
            OwnerOnlyFiles.write(security.trustStore(), bytes(trustStore, security.trustStorePassword()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the cluster's key stores in " + directory, e);
        }
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(issued.ca());
        }
        Files.writeString(security.caCertificate(), pem.toString(), StandardCharsets.US_ASCII);
        Properties secrets = new Properties();
        secrets.setProperty("keystore.password", security.keyStorePassword());
        secrets.setProperty("truststore.password", security.trustStorePassword());
        secrets.setProperty("admin.password", security.adminPassword());
        secrets.setProperty("controller.password", security.controllerPassword());
        StringWriter text = new StringWriter();
        secrets.store(text, "the embedded cluster's passwords (generated by local-stack; keep this file private)");
        OwnerOnlyFiles.writeString(directory.resolve(SECRETS), text.toString());
        return security;
    }

    private String required(Properties secrets, String key) {
        String value = secrets.getProperty(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(directory.resolve(SECRETS) + " has no " + key);
        }
        return value;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static byte[] bytes(KeyStore store, String password) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password.toCharArray());
        return out.toByteArray();
    }
}
