package dev.fleetinference.localstack.kafka;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the secured cluster's TLS certificates: a self-signed CA, and with it one certificate every broker serves
 * for 127.0.0.1 and localhost (the only addresses the embedded cluster listens on).
 *
 * <p>Keys are EC P-256: generated in milliseconds, where RSA keys would add a noticeable pause to a first start.
 * Signing goes through the JDK's own providers; BouncyCastle only builds the certificates, so no security provider
 * is registered in the JVM.
 */
final class LocalCertificateAuthority {

    private static final String KEY_ALGORITHM = "EC";
    private static final String CURVE = "secp256r1";
    private static final String SIGNATURE = "SHA256withECDSA";
    // a data directory kept with --data-dir lives for years on a laptop; its certificates must not expire first
    private static final Duration VALIDITY = Duration.ofDays(10 * 365);
    // a clock that runs a little behind the one that signed must still find the certificate valid
    private static final Duration BACKDATE = Duration.ofHours(1);

    /** A broker's certificate, its chain to the CA and its private key. */
    record Issued(X509Certificate ca, X509Certificate broker, PrivateKey brokerKey) {
        X509Certificate[] chain() {
            return new X509Certificate[] {broker, ca};
        }
    }

    private final SecureRandom random;
    private final Clock clock;

    LocalCertificateAuthority(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** A new CA (whose key is then forgotten: nothing else is ever signed with it) and the brokers' certificate. */
    Issued issue() {
        try {
            KeyPair caKeys = newKeyPair();
            KeyPair brokerKeys = newKeyPair();
            Instant from = clock.instant().minus(BACKDATE);
            Instant until = from.plus(VALIDITY);
            X500Name caName = new X500Name("CN=fleet-inference local-stack CA");
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(from),
                    Date.from(until), caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

            X509v3CertificateBuilder broker = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(from),
                    Date.from(until), new X500Name("CN=localhost"), brokerKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    // brokers are TLS clients of each other too (replication over the same listener)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    // clients check the name they connected to (ssl.endpoint.identification.algorithm=https)
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")}))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(brokerKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            return new Issued(caCertificate, sign(broker, caKeys.getPrivate()), brokerKeys.getPrivate());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the local cluster's certificates", e);
        }
    }

    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
        generator.initialize(new ECGenParameterSpec(CURVE), random);
        return generator.generateKeyPair();
    }

    private BigInteger serial() {
        // positive and unpredictable, as RFC 5280 asks of serial numbers
        return new BigInteger(127, random);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE).setSecureRandom(random).build(issuerKey)));
    }
}
