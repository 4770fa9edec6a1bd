package dev.calor.edgebridge.config;

/**
 * @param host address the metrics and health endpoint binds
 * @param port its port; 0 picks a free one, -1 disables the endpoint
 */
public record HttpSettings(String host, int port) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9464;
    public static final int DISABLED = -1;

    public boolean enabled() {
        return port != DISABLED;
    }
}
