package dev.calor.worker.config;

import java.time.Duration;

/**
 * The worker's MQTT connection. {@code receiveMaximum} bounds the readings batches in flight (sent by
 * the broker, not yet acknowledged) per connection: when InfluxDB is down the broker stops sending.
 */
public record MqttSettings(
        String host,
        int port,
        String username,
        String password,
        String clientIdPrefix,
        Duration sessionExpiry,
        int receiveMaximum) {

    public static final int DEFAULT_PORT = 1883;
    public static final String DEFAULT_CLIENT_ID_PREFIX = "calor-worker";
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(1);
    public static final int DEFAULT_RECEIVE_MAXIMUM = 64;
}
