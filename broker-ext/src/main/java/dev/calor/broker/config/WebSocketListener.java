package dev.calor.broker.config;

import dev.calor.config.ConfigNode;
import java.util.Optional;

/**
 * MQTT over WebSocket (plain).
 *
 * @param bindAddress address to bind
 * @param port port; 0 picks a free one at start
 * @param path HTTP path of the endpoint
 */
public record WebSocketListener(String bindAddress, int port, String path) {

    public static final int DEFAULT_PORT = 8000;

    public WebSocketListener {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /");
        }
    }

    static Optional<WebSocketListener> read(ConfigNode n) {
        boolean enabled = n.bool("enabled", false);
        String bind = n.string("bind-address", "127.0.0.1");
        int port = n.integer("port", DEFAULT_PORT, 0, 65535);
        String path = n.string("path", "/mqtt");
        if (!enabled) {
            return Optional.empty();
        }
        if (!path.startsWith("/")) {
            n.problem("path", "must start with /, was '" + path + "'");
            path = "/mqtt";
        }
        return Optional.of(new WebSocketListener(bind, port, path));
    }
}
