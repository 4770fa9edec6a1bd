package dev.calor.broker.config;

import dev.calor.config.ConfigNode;

/**
 * The Prometheus endpoint.
 *
 * @param enabled whether to serve {@code /metrics}
 * @param bindAddress address to bind
 * @param port port to bind; 0 picks a free one
 */
public record MetricsConfig(boolean enabled, String bindAddress, int port) {

    public static final int DEFAULT_PORT = 9399;

    public MetricsConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static MetricsConfig disabled() {
        return new MetricsConfig(false, "127.0.0.1", 0);
    }

    static MetricsConfig read(ConfigNode n) {
        return new MetricsConfig(n.bool("enabled", true), n.string("bind-address", "127.0.0.1"), (int)
                n.integer("port", DEFAULT_PORT, 0, 65535));
    }
}
