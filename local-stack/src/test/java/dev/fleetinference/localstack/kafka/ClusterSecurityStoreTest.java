package dev.fleetinference.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secured cluster's credentials on disk, without a broker: made once, read back, and fit for TLS. */
class ClusterSecurityStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void aSecondStartReadsTheCredentialsTheFirstMade() {
        ClusterSecurity first = ClusterSecurityStore.of(dataDir).loadOrCreate();

        ClusterSecurity second = ClusterSecurityStore.of(dataDir).loadOrCreate();

        assertThat(second).usingRecursiveComparison().isEqualTo(first);
        assertThat(List.of(first.keyStorePassword(), first.trustStorePassword(), first.adminPassword(),
                first.controllerPassword())).doesNotHaveDuplicates().allMatch(p -> p.matches("[A-Za-z0-9]{32}"));
    }

    @Test
    void theBrokersCertificateIsForTheLoopbackAddressAndSignedByTheCaClientsTrust() throws Exception {
        ClusterSecurity security = ClusterSecurityStore.of(dataDir).loadOrCreate();

        KeyStore keyStore = open(security.keyStore(), security.keyStorePassword());
        KeyStore trustStore = open(security.trustStore(), security.trustStorePassword());
        X509Certificate broker = (X509Certificate) keyStore.getCertificate("broker");
        X509Certificate ca = (X509Certificate) trustStore.getCertificate("ca");

        assertThat(keyStore.getKey("broker", security.keyStorePassword().toCharArray())).isNotNull();
        assertThat(keyStore.getCertificateChain("broker")).containsExactly(broker, ca);
        broker.verify(ca.getPublicKey());
        broker.checkValidity();
        assertThat(broker.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .containsExactlyInAnyOrder("127.0.0.1", "localhost");
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(trustStore.isKeyEntry("ca")).isFalse();
        assertThat(Files.readString(security.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void aUsersLoginEscapesWhatJaasWouldReadAsTheEndOfTheString() {
        ClusterSecurity security = ClusterSecurityStore.of(dataDir).loadOrCreate();

        assertThat(security.clientSettings("device-1", "pa\"ss\\word").get("sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"device-1\""
                        + " password=\"pa\\\"ss\\\\word\";");
        assertThat(security.toString()).doesNotContain(security.adminPassword(), security.keyStorePassword());
    }

    @Test
    void aDataDirectoryAPlaintextStartFormattedCannotBeStartedSecured() throws Exception {
        // what a plaintext start leaves: a formatted log directory and no credentials
        Path logDir = Files.createDirectories(dataDir.resolve("kraft-logs"));
        Files.writeString(logDir.resolve("meta.properties"), "cluster.id=Xr2Ty0W4QmGJ1oQ8aLk2tw\nnode.id=1\n");

        assertThatThrownBy(() -> KafkaCluster.start(
                KafkaClusterConfig.inDirectory(dataDir, 1).withSecurity(Security.SECURED)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("made by a plaintext start");
        assertThat(dataDir.resolve("security")).doesNotExist();
    }

    private static KeyStore open(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
