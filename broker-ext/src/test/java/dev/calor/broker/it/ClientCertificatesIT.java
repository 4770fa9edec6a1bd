package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.auth.PasswordHasher;
import dev.calor.broker.auth.Role;
import dev.calor.broker.auth.UserEntry;
import dev.calor.broker.config.AuthConfig;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.TlsListener;
import dev.calor.broker.config.TlsListener.ClientAuthentication;
import dev.calor.broker.embedded.CalorBroker;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Client certificates on the real TLS listener, issued by a throwaway CA made in the test (Bouncy Castle): a
 * certificate the TLS layer accepts still logs in only as a device that is present and enabled in the
 * credentials file and not on the CRL, and a CRL rewritten while the broker runs revokes at the next reload.
 */
@Timeout(90)
class ClientCertificatesIT {

    private static final char[] PW = "changeit".toCharArray();
    private static final String AUDIT = "calor.audit.authentication-refused";
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    @TempDir
    static Path dir;

    static KeyPair caKey;
    static X509Certificate ca;
    static Map<String, KeyStore> devices;
    static Map<String, X509Certificate> certificates;
    static CalorBroker broker;
    static final ListAppender<ILoggingEvent> refusals = new ListAppender<>();

    @BeforeAll
    static void startBrokerWithACaAndItsCrl() throws Exception {
        caKey = ecKey();
        ca = sign(
                new JcaX509v3CertificateBuilder(
                                new X500Name("CN=Calor test CA"),
                                serial(),
                                notBefore(),
                                notAfter(),
                                new X500Name("CN=Calor test CA"),
                                caKey.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                caKey);
        KeyPair serverKey = ecKey();
        X509Certificate server = sign(
                issuedBy(ca, "CN=localhost", serverKey)
                        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")
                        })),
                caKey);
        KeyStore serverStore = keyStore("server", serverKey, server);
        store(serverStore, dir.resolve("server.p12"));
        KeyStore trust = emptyStore();
        trust.setCertificateEntry("ca", ca);
        store(trust, dir.resolve("clients-trust.p12"));

        devices = new java.util.HashMap<>();
        certificates = new java.util.HashMap<>();
        for (String device : List.of("patch-good", "patch-absent", "patch-disabled", "patch-revoked")) {
            KeyPair key = ecKey();
            X509Certificate cert = sign(issuedBy(ca, "CN=" + device + ",O=Calor test", key), caKey);
            certificates.put(device, cert);
            devices.put(device, keyStore("device", key, cert));
        }
        writeCrl(List.of("patch-revoked"));

        PasswordHasher hasher = new PasswordHasher();
        Path credentials = dir.resolve("credentials.yaml");
        CredentialsFile.write(
                credentials,
                List.of(
                        device(hasher, "patch-good"),
                        device(hasher, "patch-disabled").withEnabled(false),
                        device(hasher, "patch-revoked")));
        TlsListener tls = new TlsListener(
                "127.0.0.1",
                0,
                dir.resolve("server.p12"),
                new String(PW),
                new String(PW),
                Optional.of(dir.resolve("clients-trust.p12")),
                new String(PW),
                ClientAuthentication.OPTIONAL);
        ((Logger) LoggerFactory.getLogger(AUDIT)).addAppender(refusals);
        refusals.start();
        broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), credentials)
                .tls(tls)
                .extension(ExtensionConfig.builder(credentials)
                        .clientCertificates(true)
                        .crlFile(dir.resolve("revoked.crl"))
                        .reloadInterval(Duration.ofMillis(200))
                        .authentication(AuthConfig.defaults().withRefusalDelay(Duration.ofMillis(50)))
                        .build())
                .build());
    }

    @AfterAll
    static void stopBroker() {
        ((Logger) LoggerFactory.getLogger(AUDIT)).detachAppender(refusals);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void certificateOfAnEnabledDeviceLogsInAsThatDevice() throws Exception {
        assertThat(connect("patch-good")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void certificateOfADeviceAbsentFromTheCredentialsIsRefused() throws Exception {
        assertThat(connect("patch-absent")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusalOf("patch-absent")).contains("not an enabled device of the credentials file");
    }

    @Test
    void certificateOfADisabledDeviceIsRefused() throws Exception {
        assertThat(connect("patch-disabled")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusalOf("patch-disabled")).contains("not an enabled device of the credentials file");
    }

    @Test
    void certificateOnTheCrlIsRefusedThoughItsDeviceIsEnabled() throws Exception {
        assertThat(connect("patch-revoked")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusalOf("patch-revoked")).contains("certificate is revoked (CRL)");
    }

    @Test
    void certificateAddedToTheCrlWhileTheBrokerRunsIsRefusedAfterTheReload() throws Exception {
        KeyPair key = ecKey();
        X509Certificate second = sign(issuedBy(ca, "CN=patch-good,O=Calor test", key), caKey);
        devices.put("patch-good-second", keyStore("device", key, second));
        certificates.put("patch-good-second", second);
        assertThat(connect("patch-good-second")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);

        writeCrl(List.of("patch-revoked", "patch-good-second"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> connect("patch-good-second") == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(connect("patch-good"))
                .as("the device's other certificate")
                .isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    private static String refusalOf(String device) {
        return refusals.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("identity=" + device + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no audit line for " + device));
    }

    /** Connects over TLS with the named certificate and no password; the CONNACK reason code. */
    private static Mqtt5ConnAckReasonCode connect(String certificate) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = emptyStore();
        trust.setCertificateEntry("ca", ca);
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(devices.get(certificate), PW);
        String device = certificate.replace("-second", "");
        Mqtt5BlockingClient c = MqttClient.builder()
                .useMqttVersion5()
                .identifier(device + "/" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(broker.tlsPort().orElseThrow())
                .sslConfig(MqttClientSslConfig.builder()
                        .trustManagerFactory(tmf)
                        .keyManagerFactory(kmf)
                        .build())
                .buildBlocking();
        try {
            Mqtt5ConnAckReasonCode code = c.connect().getReasonCode();
            c.disconnect();
            return code;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private static void writeCrl(List<String> revoked) throws Exception {
        Date now = new Date();
        X509v2CRLBuilder crl = new JcaX509v2CRLBuilder(ca, now);
        crl.setNextUpdate(Date.from(Instant.now().plus(Duration.ofDays(1))));
        for (String name : revoked) {
            crl.addCRLEntry(certificates.get(name).getSerialNumber(), now, CRLReason.keyCompromise);
        }
        byte[] der = crl.build(signer(caKey)).getEncoded();
        Path tmp = dir.resolve("revoked.crl.tmp");
        Files.write(tmp, der);
        Files.move(
                tmp, dir.resolve("revoked.crl"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static UserEntry device(PasswordHasher hasher, String id) {
        return new UserEntry(
                id, Role.DEVICE, hasher.hashForTests(Role.DEVICE, ("unused-secret-of-" + id).toCharArray()));
    }

    private static JcaX509v3CertificateBuilder issuedBy(X509Certificate issuer, String subject, KeyPair key) {
        return new JcaX509v3CertificateBuilder(
                issuer, serial(), notBefore(), notAfter(), new X500Name(subject), key.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuerKey)));
    }

    private static ContentSigner signer(KeyPair key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static KeyStore keyStore(String alias, KeyPair key, X509Certificate cert) throws Exception {
        KeyStore ks = emptyStore();
        ks.setKeyEntry(alias, key.getPrivate(), PW, new Certificate[] {cert, ca});
        return ks;
    }

    private static KeyStore emptyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private static void store(KeyStore ks, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PW);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }
}
