package dev.calor.app.config;

import dev.calor.worker.config.EmailSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The care-app's validated configuration (see the module README for every key and default).
 *
 * @param email the SMTP server invitations are sent through (the worker's settings record); null when the
 *     file has no {@code email} section, and invitations are then handed on by the owner
 */
public record AppConfig(
        String host,
        int port,
        String publicUrl,
        String databaseUrl,
        int databasePoolSize,
        Path registryFile,
        Duration registrySafetyInterval,
        String tokenIssuer,
        List<String> tokenAudience,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration keyRotation,
        Path jwksFile,
        String influxUrl,
        String influxDatabase,
        String influxUsername,
        String influxPassword,
        String influxRawPolicy,
        String influxRollupPolicy,
        String mqttHost,
        int mqttPort,
        Duration livePollInterval,
        EmailSettings email,
        Metrics metrics) {

    /**
     * Where {@code /metrics} is served (Prometheus text format), apart from the public API listener.
     *
     * @param port 0 picks a free port
     */
    public record Metrics(boolean enabled, String bindAddress, int port) {
        public static final int DEFAULT_PORT = 9402;
    }

    public static final int DEFAULT_PORT = 8090;

    /** The same configuration exporting the registry to another file (a second instance on one host). */
    public AppConfig withRegistryFile(Path file) {
        return new AppConfig(
                host,
                port,
                publicUrl,
                databaseUrl,
                databasePoolSize,
                file,
                registrySafetyInterval,
                tokenIssuer,
                tokenAudience,
                accessTokenTtl,
                refreshTokenTtl,
                keyRotation,
                jwksFile,
                influxUrl,
                influxDatabase,
                influxUsername,
                influxPassword,
                influxRawPolicy,
                influxRollupPolicy,
                mqttHost,
                mqttPort,
                livePollInterval,
                email,
                metrics);
    }

    /** The same configuration with another SMTP server for invitations (null: none). */
    public AppConfig withEmail(EmailSettings other) {
        return new AppConfig(
                host,
                port,
                publicUrl,
                databaseUrl,
                databasePoolSize,
                registryFile,
                registrySafetyInterval,
                tokenIssuer,
                tokenAudience,
                accessTokenTtl,
                refreshTokenTtl,
                keyRotation,
                jwksFile,
                influxUrl,
                influxDatabase,
                influxUsername,
                influxPassword,
                influxRawPolicy,
                influxRollupPolicy,
                mqttHost,
                mqttPort,
                livePollInterval,
                other,
                metrics);
    }

    public static final String DEFAULT_ISSUER = "calor-care-app";
    public static final List<String> DEFAULT_AUDIENCE = List.of("calor-care-app", "calor-mqtt");
    public static final Duration DEFAULT_ACCESS_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REFRESH_TTL = Duration.ofDays(30);
    public static final Duration DEFAULT_KEY_ROTATION = Duration.ofDays(1);
    public static final Duration DEFAULT_SAFETY_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LIVE_POLL = Duration.ofMillis(500);
}
