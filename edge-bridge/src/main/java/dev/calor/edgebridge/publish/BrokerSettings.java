package dev.calor.edgebridge.publish;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the bridge connects to the broker.
 *
 * @param host broker host
 * @param port broker port
 * @param tls TLS settings; empty for plain TCP
 * @param keepAlive MQTT keep-alive
 */
public record BrokerSettings(String host, int port, Optional<Tls> tls, Duration keepAlive) {

    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

    public BrokerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static BrokerSettings plain(String host, int port) {
        return new BrokerSettings(host, port, Optional.empty(), DEFAULT_KEEP_ALIVE);
    }

    /**
     * TLS to the broker.
     *
     * @param caFile PEM file with the CA certificate(s) the broker's certificate must chain to; empty to
     *     use the JVM's default trust store
     * @param clientKeystore PKCS#12 file with the client certificate and key, for mutual TLS; empty for none
     * @param clientKeystorePassword its password
     * @param protocols the TLS versions offered (pinned: TLS 1.3 and 1.2 by default)
     */
    public record Tls(
            Optional<Path> caFile,
            Optional<Path> clientKeystore,
            String clientKeystorePassword,
            List<String> protocols) {

        /** TLS 1.3, and 1.2 for brokers that do not speak 1.3 yet; never the broken older versions. */
        public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

        public static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

        public Tls {
            Objects.requireNonNull(caFile, "caFile");
            Objects.requireNonNull(clientKeystore, "clientKeystore");
            clientKeystorePassword = clientKeystorePassword == null ? "" : clientKeystorePassword;
            protocols = List.copyOf(protocols);
        }

        public Tls(Optional<Path> caFile, Optional<Path> clientKeystore, String clientKeystorePassword) {
            this(caFile, clientKeystore, clientKeystorePassword, DEFAULT_PROTOCOLS);
        }
    }
}
