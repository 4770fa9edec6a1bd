package dev.calor.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The care-app's validated configuration (see the module README for every key and default). */
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
        Duration livePollInterval) {

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
                livePollInterval);
    }

    public static final String DEFAULT_ISSUER = "calor-care-app";
    public static final List<String> DEFAULT_AUDIENCE = List.of("calor-care-app", "calor-mqtt");
    public static final Duration DEFAULT_ACCESS_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REFRESH_TTL = Duration.ofDays(30);
    public static final Duration DEFAULT_KEY_ROTATION = Duration.ofDays(1);
    public static final Duration DEFAULT_SAFETY_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LIVE_POLL = Duration.ofMillis(500);
}
