package dev.calor.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calor.config.ConfigFile;
import dev.calor.config.ConfigNode;
import dev.calor.worker.config.EmailSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the app's YAML file and checks all of it, reporting every problem at once. Relative paths are
 * resolved against the file's directory.
 */
public final class AppConfigLoader {

    private static final Duration POSITIVE = Duration.ofMillis(1);

    private AppConfigLoader() {}

    public static AppConfig load(Path file) {
        return ConfigFile.load(file, AppConfigLoader::read);
    }

    public static AppConfig parse(JsonNode root, Path base, String origin) {
        return ConfigFile.read(root, origin, base, AppConfigLoader::read);
    }

    private static AppConfig read(ConfigNode top) {
        ConfigNode http = top.section("http");
        ConfigNode database = top.section("database");
        ConfigNode registry = top.section("registry");
        ConfigNode tokens = top.section("tokens");
        ConfigNode influx = top.section("influx");
        ConfigNode mqtt = top.section("mqtt");
        ConfigNode live = top.section("live");
        ConfigNode metrics = top.section("metrics");
        String host = http.string("host", "127.0.0.1");
        int port = http.integer("port", AppConfig.DEFAULT_PORT, 0, 65535);
        String publicUrl = http.string("public-url", "http://" + host + ":" + port);
        String dbUrl = database.string("url", "");
        if (!dbUrl.startsWith("jdbc:postgresql://")) {
            database.problem("url", "must be a jdbc:postgresql:// URL");
        }
        String influxUrl = influx.string("url", "http://127.0.0.1:8086");
        try {
            URI.create(influxUrl).toURL();
        } catch (IllegalArgumentException | IOException e) {
            influx.problem("url", "'" + influxUrl + "' is not a URL");
        }
        return new AppConfig(
                host,
                port,
                publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl,
                dbUrl,
                database.integer("pool-size", 10, 2, 200),
                registry.path("export-file", "data/care-circle.json"),
                registry.duration("safety-interval", AppConfig.DEFAULT_SAFETY_INTERVAL, POSITIVE),
                tokens.string("issuer", AppConfig.DEFAULT_ISSUER),
                tokens.stringList("audience", AppConfig.DEFAULT_AUDIENCE),
                tokens.duration(
                        "access-ttl", AppConfig.DEFAULT_ACCESS_TTL, Duration.ofSeconds(30), Duration.ofMinutes(15)),
                tokens.duration("refresh-ttl", AppConfig.DEFAULT_REFRESH_TTL, POSITIVE),
                tokens.duration("key-rotation", AppConfig.DEFAULT_KEY_ROTATION, POSITIVE),
                tokens.path("jwks-file", "data/jwks.json"),
                influxUrl,
                influx.string("database", "calor"),
                influx.string("username", ""),
                influx.string("password", ""),
                influx.string("raw-retention-policy", "raw_30d"),
                influx.string("rollup-retention-policy", "rollup_2y"),
                mqtt.string("host", "127.0.0.1"),
                mqtt.integer("port", 1883, 1, 65535),
                // live updates promise < 2 s
                live.duration(
                        "poll-interval", AppConfig.DEFAULT_LIVE_POLL, Duration.ofMillis(100), Duration.ofSeconds(1)),
                // invitations go through the same SMTP settings, keyed alike, as the worker's e-mail channel
                EmailSettings.read(top.section("email")),
                new AppConfig.Metrics(
                        metrics.bool("enabled", true),
                        metrics.string("bind-address", "127.0.0.1"),
                        metrics.integer("port", AppConfig.Metrics.DEFAULT_PORT, 0, 65535)));
    }
}
