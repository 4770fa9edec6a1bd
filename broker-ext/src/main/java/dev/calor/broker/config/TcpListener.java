package dev.calor.broker.config;

import dev.calor.config.ConfigNode;

/**
 * A plain MQTT TCP listener.
 *
 * @param bindAddress address to bind
 * @param port port; 0 picks a free one at start
 */
public record TcpListener(String bindAddress, int port) {

    public static final int DEFAULT_PORT = 1883;

    public TcpListener {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    static TcpListener read(ConfigNode n, int defaultPort) {
        return new TcpListener(n.string("bind-address", "127.0.0.1"), n.integer("port", defaultPort, 0, 65535));
    }
}
