package dev.calor.edgebridge.publish;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the MQTT 5 client of one patch identity. */
final class MqttClients {

    private MqttClients() {}

    static Mqtt5AsyncClient build(
            BrokerSettings broker,
            String clientId,
            String username,
            byte[] password,
            Mqtt5Publish will,
            MqttClientConnectedListener connected,
            MqttClientDisconnectedListener disconnected) {
        Mqtt5ClientBuilder builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost(broker.host())
                .serverPort(broker.port())
                .simpleAuth()
                .username(username)
                .password(password)
                .applySimpleAuth()
                .willPublish(will)
                .addConnectedListener(connected)
                .addDisconnectedListener(disconnected);
        if (broker.tls().isPresent()) {
            builder = builder.sslConfig(sslConfig(broker.tls().get()));
        }
        return builder.buildAsync();
    }

    static Mqtt5Publish will(String topic, byte[] payload) {
        return Mqtt5Publish.builder()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .payload(payload)
                .build();
    }

    /** The TLS configuration; an unreadable file is a configuration error, reported at start. */
    static MqttClientSslConfig sslConfig(BrokerSettings.Tls tls) {
        try {
            var ssl = MqttClientSslConfig.builder().protocols(tls.protocols());
            if (tls.caFile().isPresent()) {
                ssl = ssl.trustManagerFactory(trustManagers(tls.caFile().get()));
            }
            if (tls.clientKeystore().isPresent()) {
                ssl = ssl.keyManagerFactory(keyManagers(
                        tls.clientKeystore().get(), tls.clientKeystorePassword().toCharArray()));
            }
            return ssl.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load TLS material: " + e.getMessage(), e);
        }
    }

    static TrustManagerFactory trustManagers(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in " + caFile);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    static KeyManagerFactory keyManagers(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        return kmf;
    }
}
