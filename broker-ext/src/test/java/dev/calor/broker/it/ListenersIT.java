package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.TlsListener;
import dev.calor.broker.config.TlsListener.ClientAuthentication;
import dev.calor.broker.config.WebSocketListener;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.proto.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener with throwaway key material made by keytool (password login over TLS, a client
 * certificate whose CN is the device id logging in as that device) and the WebSocket listener.
 */
@Timeout(90)
class ListenersIT {

    private static final String PW = "changeit";
    private static final String CERT_DEVICE = "patch-cert";

    @TempDir
    static Path dir;

    static CalorBroker broker;
    static int tlsPort;

    @BeforeAll
    static void startBrokerWithTls() throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                "server.p12",
                "-storepass",
                PW,
                "-keypass",
                PW);
        keytool(
                "-genkeypair",
                "-alias",
                "device",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + CERT_DEVICE + ",O=Calor test",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                "device.p12",
                "-storepass",
                PW,
                "-keypass",
                PW);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "server",
                "-keystore",
                "server.p12",
                "-storepass",
                PW,
                "-file",
                "server.pem");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "device",
                "-keystore",
                "device.p12",
                "-storepass",
                PW,
                "-file",
                "device.pem");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "device",
                "-file",
                "device.pem",
                "-storetype",
                "PKCS12",
                "-keystore",
                "clients-trust.p12",
                "-storepass",
                PW);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "server",
                "-file",
                "server.pem",
                "-storetype",
                "PKCS12",
                "-keystore",
                "server-trust.p12",
                "-storepass",
                PW);

        Path creds = CredentialsFile.builder()
                .device("patch-0001", "device-pw")
                .device(CERT_DEVICE, "unused-secret-of-the-certificate-device")
                .worker("worker-1", "worker-pw")
                .write(dir.resolve("credentials.yaml"));
        TlsListener tls = new TlsListener(
                "127.0.0.1",
                0,
                dir.resolve("server.p12"),
                PW,
                PW,
                Optional.of(dir.resolve("clients-trust.p12")),
                PW,
                ClientAuthentication.OPTIONAL);
        broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), creds)
                .tls(tls)
                .webSocket(new WebSocketListener("127.0.0.1", 0, "/mqtt"))
                .extension(
                        ExtensionConfig.builder(creds).clientCertificates(true).build())
                .build());
        tlsPort = broker.tlsPort().orElseThrow();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void passwordLoginWorksOverTls() throws Exception {
        Mqtt5BlockingClient c = tlsClient(false, "worker-1/tls");
        var connack = c.connectWith()
                .simpleAuth()
                .username("worker-1")
                .password("worker-pw".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
        assertThat(connack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        c.disconnect();
    }

    @Test
    void clientCertificateCommonNameLogsInAsThatDevice() throws Exception {
        Mqtt5BlockingClient c = tlsClient(true, CERT_DEVICE);
        assertThat(c.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        try {
            byte[] own =
                    TestBatches.valid(CERT_DEVICE, Instant.now(), 1).build().toByteArray();
            assertThat(Mqtt.publish(c, Topics.readings(CERT_DEVICE), own)
                            .getReasonCode()
                            .isError())
                    .isFalse();
            byte[] other =
                    TestBatches.valid("patch-0001", Instant.now(), 1).build().toByteArray();
            assertThat(Mqtt.publish(c, Topics.readings("patch-0001"), other).getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            c.disconnect();
        }
    }

    @Test
    void webSocketClientLogsInAndIsRefusedLikeAnyOther() {
        Mqtt5BlockingClient ws = MqttClient.builder()
                .useMqttVersion5()
                .identifier("patch-0001/ws-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(broker.webSocketPort().orElseThrow())
                .webSocketConfig()
                .serverPath("mqtt")
                .applyWebSocketConfig()
                .buildBlocking();
        var connack = ws.connectWith()
                .simpleAuth()
                .username("patch-0001")
                .password("device-pw".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
        assertThat(connack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        try {
            assertThat(Mqtt.publish(ws, Topics.readings("patch-0001"), new byte[0])
                            .getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        } finally {
            ws.disconnect();
        }
    }

    @Test
    void withoutCertificateOrPasswordTlsClientIsNotAuthorized() throws Exception {
        Mqtt5BlockingClient c = tlsClient(false, "anonymous");
        try {
            c.connect();
            throw new AssertionError("anonymous TLS connection was accepted");
        } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException e) {
            assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void mosquittoPublishesOverTlsWithTheServerCertificateAsCa() throws Exception {
        Path payload = dir.resolve("batch.bin");
        Files.write(
                payload,
                TestBatches.valid("patch-0001", Instant.now(), 1).build().toByteArray());
        Process p = new ProcessBuilder(
                        "mosquitto_pub",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(tlsPort),
                        "--cafile",
                        dir.resolve("server.pem").toString(),
                        "-V",
                        "mqttv5",
                        "-q",
                        "1",
                        "-i",
                        "patch-0001/tls-mosquitto",
                        "-u",
                        "patch-0001",
                        "-P",
                        "device-pw",
                        "-t",
                        Topics.readings("patch-0001"),
                        "-f",
                        payload.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("Error").doesNotContain("failed");
    }

    private static Mqtt5BlockingClient tlsClient(boolean withCertificate, String clientId) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load("server-trust.p12"));
        var ssl = MqttClientSslConfig.builder().trustManagerFactory(tmf);
        if (withCertificate) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load("device.p12"), PW.toCharArray());
            ssl = ssl.keyManagerFactory(kmf);
        }
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(tlsPort)
                .sslConfig(ssl.build())
                .buildBlocking();
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            ks.load(in, PW.toCharArray());
        }
        return ks;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
