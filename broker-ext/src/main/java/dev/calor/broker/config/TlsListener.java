package dev.calor.broker.config;

import dev.calor.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * An MQTT-over-TLS listener. Key material in JKS or PKCS#12 key stores.
 *
 * @param bindAddress address to bind
 * @param port port; 0 picks a free one at start
 * @param keystore the server's key and certificate chain
 * @param keystorePassword password of the key store
 * @param privateKeyPassword password of the private key inside it
 * @param truststore CAs that sign client certificates; required unless client authentication is NONE
 * @param truststorePassword password of the trust store
 * @param clientAuthentication NONE, OPTIONAL or REQUIRED client certificates
 */
public record TlsListener(
        String bindAddress,
        int port,
        Path keystore,
        String keystorePassword,
        String privateKeyPassword,
        Optional<Path> truststore,
        String truststorePassword,
        ClientAuthentication clientAuthentication) {

    public static final int DEFAULT_PORT = 8883;

    public enum ClientAuthentication {
        NONE,
        OPTIONAL,
        REQUIRED
    }

    public TlsListener {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (clientAuthentication != ClientAuthentication.NONE && truststore.isEmpty()) {
            throw new IllegalArgumentException("client authentication needs a trust store");
        }
    }

    static Optional<TlsListener> read(ConfigNode n) {
        boolean enabled = n.bool("enabled", false);
        String bind = n.string("bind-address", "127.0.0.1");
        int port = n.integer("port", DEFAULT_PORT, 0, 65535);
        Path keystore = n.optPath("keystore").orElse(null);
        String ksPassword = n.string("keystore-password", "");
        String keyPassword = n.string("private-key-password", ksPassword);
        Path truststore = n.optPath("truststore").orElse(null);
        String tsPassword = n.string("truststore-password", "");
        ClientAuthentication auth =
                n.enumValue("client-authentication", ClientAuthentication.class, ClientAuthentication.NONE);
        if (!enabled) {
            return Optional.empty();
        }
        if (keystore == null) {
            n.problem("keystore", "is required when the TLS listener is enabled");
        } else if (!Files.isReadable(keystore)) {
            n.problem("keystore", "cannot read " + keystore);
        }
        if (truststore != null && !Files.isReadable(truststore)) {
            n.problem("truststore", "cannot read " + truststore);
        }
        if (auth != ClientAuthentication.NONE && truststore == null) {
            n.problem(
                    "truststore",
                    "is required when client-authentication is " + auth.name().toLowerCase(Locale.ROOT));
            auth = ClientAuthentication.NONE;
        }
        return Optional.of(new TlsListener(
                bind,
                port,
                keystore == null ? Path.of("keystore.p12") : keystore,
                ksPassword,
                keyPassword,
                Optional.ofNullable(truststore),
                tsPassword,
                auth));
    }
}
