package dev.calor.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calor.proto.DurationText;
import dev.calor.worker.config.EmailSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the app's YAML file and checks all of it, reporting every problem at once. Relative paths are
 * resolved against the file's directory.
 */
public final class AppConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SECTIONS =
            Set.of("http", "database", "registry", "tokens", "influx", "mqtt", "live", "email", "metrics");

    private AppConfigLoader() {}

    public static AppConfig load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new AppConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
        return parse(root, file.toAbsolutePath().getParent(), file.toString());
    }

    public static AppConfig parse(JsonNode root, Path base, String origin) {
        if (root == null || !root.isObject()) {
            throw new AppConfigException(origin, List.of("the file must be a YAML mapping"));
        }
        Reader r = new Reader(root, base);
        r.only("", root, SECTIONS);
        r.only("http", root.path("http"), Set.of("host", "port", "public-url"));
        r.only("database", root.path("database"), Set.of("url", "pool-size"));
        r.only("registry", root.path("registry"), Set.of("export-file", "safety-interval"));
        r.only(
                "tokens",
                root.path("tokens"),
                Set.of("issuer", "audience", "access-ttl", "refresh-ttl", "key-rotation", "jwks-file"));
        r.only(
                "influx",
                root.path("influx"),
                Set.of("url", "database", "username", "password", "raw-retention-policy", "rollup-retention-policy"));
        r.only("mqtt", root.path("mqtt"), Set.of("host", "port"));
        r.only("live", root.path("live"), Set.of("poll-interval"));
        r.only(
                "email",
                root.path("email"),
                Set.of("smtp-host", "smtp-port", "from", "username", "password", "starttls", "timeout"));
        r.only("metrics", root.path("metrics"), Set.of("enabled", "bind-address", "port"));
        String host = r.text("http.host", "127.0.0.1");
        int port = r.integer("http.port", AppConfig.DEFAULT_PORT, 0, 65535);
        String publicUrl = r.text("http.public-url", "http://" + host + ":" + port);
        String dbUrl = r.text("database.url", "");
        if (!dbUrl.startsWith("jdbc:postgresql://")) {
            r.problems.add("database.url must be a jdbc:postgresql:// URL");
        }
        List<String> audience = new ArrayList<>();
        JsonNode aud = root.path("tokens").path("audience");
        if (aud.isArray()) {
            aud.forEach(a -> audience.add(a.asText()));
        } else if (aud.isTextual()) {
            audience.add(aud.asText());
        }
        Duration access = r.duration("tokens.access-ttl", AppConfig.DEFAULT_ACCESS_TTL);
        if (access.compareTo(Duration.ofMinutes(15)) > 0 || access.compareTo(Duration.ofSeconds(30)) < 0) {
            r.problems.add("tokens.access-ttl must be between 30s and 15m");
        }
        Duration poll = r.duration("live.poll-interval", AppConfig.DEFAULT_LIVE_POLL);
        if (poll.compareTo(Duration.ofMillis(100)) < 0 || poll.compareTo(Duration.ofSeconds(1)) > 0) {
            r.problems.add("live.poll-interval must be between 100ms and 1s (live updates promise < 2 s)");
        }
        String influxUrl = r.text("influx.url", "http://127.0.0.1:8086");
        try {
            URI.create(influxUrl).toURL();
        } catch (IllegalArgumentException | IOException e) {
            r.problems.add("influx.url '" + influxUrl + "' is not a URL");
        }
        AppConfig config = new AppConfig(
                host,
                port,
                publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl,
                dbUrl,
                r.integer("database.pool-size", 10, 2, 200),
                r.path("registry.export-file", "data/care-circle.json"),
                r.duration("registry.safety-interval", AppConfig.DEFAULT_SAFETY_INTERVAL),
                r.text("tokens.issuer", AppConfig.DEFAULT_ISSUER),
                audience.isEmpty() ? AppConfig.DEFAULT_AUDIENCE : List.copyOf(audience),
                access,
                r.duration("tokens.refresh-ttl", AppConfig.DEFAULT_REFRESH_TTL),
                r.duration("tokens.key-rotation", AppConfig.DEFAULT_KEY_ROTATION),
                r.path("tokens.jwks-file", "data/jwks.json"),
                influxUrl,
                r.text("influx.database", "calor"),
                r.text("influx.username", ""),
                r.text("influx.password", ""),
                r.text("influx.raw-retention-policy", "raw_30d"),
                r.text("influx.rollup-retention-policy", "rollup_2y"),
                r.text("mqtt.host", "127.0.0.1"),
                r.integer("mqtt.port", 1883, 1, 65535),
                poll,
                email(r, root.path("email")),
                new AppConfig.Metrics(
                        r.bool("metrics.enabled", true),
                        r.text("metrics.bind-address", "127.0.0.1"),
                        r.integer("metrics.port", AppConfig.Metrics.DEFAULT_PORT, 0, 65535)));
        if (!r.problems.isEmpty()) {
            throw new AppConfigException(origin, r.problems);
        }
        return config;
    }

    /** The SMTP server invitations go through, keyed like the worker's {@code email} section. */
    private static EmailSettings email(Reader r, JsonNode e) {
        if (e.isMissingNode() || e.isNull()) {
            return null;
        }
        String host = r.text("email.smtp-host", "");
        if (host.isBlank()) {
            r.problems.add("email.smtp-host is required with an email section");
        }
        String from = r.text("email.from", "");
        if (!from.matches("[^@\\s]+@[^@\\s]+")) {
            r.problems.add("email.from '" + from + "' is not an e-mail address");
        }
        Duration timeout = r.duration("email.timeout", EmailSettings.DEFAULT_TIMEOUT);
        return new EmailSettings(
                host,
                r.integer("email.smtp-port", EmailSettings.DEFAULT_PORT, 1, 65535),
                from,
                r.text("email.username", ""),
                r.text("email.password", ""),
                r.bool("email.starttls", true),
                timeout);
    }

    /** Typed reads of dotted keys that note every problem instead of stopping at the first. */
    private static final class Reader {
        final JsonNode root;
        final Path base;
        final List<String> problems = new ArrayList<>();

        Reader(JsonNode root, Path base) {
            this.root = root;
            this.base = base;
        }

        JsonNode at(String key) {
            JsonNode n = root;
            for (String part : key.split("\\.")) {
                n = n.path(part);
            }
            return n;
        }

        void only(String where, JsonNode node, Set<String> allowed) {
            if (!node.isObject()) {
                if (!node.isMissingNode()) {
                    problems.add(where + " must be a mapping");
                }
                return;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    problems.add((where.isEmpty() ? "" : where + ".") + k + " is not a known key");
                }
            }
        }

        String text(String key, String fallback) {
            JsonNode n = at(key);
            return n.isMissingNode() || n.isNull() ? fallback : n.asText();
        }

        int integer(String key, int fallback, int min, int max) {
            JsonNode n = at(key);
            if (n.isMissingNode()) {
                return fallback;
            }
            if (!n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
                problems.add(key + " must be an integer " + min + ".." + max);
                return fallback;
            }
            return n.asInt();
        }

        boolean bool(String key, boolean fallback) {
            JsonNode n = at(key);
            if (n.isMissingNode()) {
                return fallback;
            }
            if (!n.isBoolean()) {
                problems.add(key + " must be true or false");
                return fallback;
            }
            return n.asBoolean();
        }

        Duration duration(String key, Duration fallback) {
            JsonNode n = at(key);
            if (n.isMissingNode()) {
                return fallback;
            }
            var d = DurationText.tryParse(n.asText());
            if (d.isEmpty() || d.get().isNegative() || d.get().isZero()) {
                problems.add(key + " '" + n.asText() + "' is not a positive duration (e.g. 30s, 5m)");
                return fallback;
            }
            return d.get();
        }

        Path path(String key, String fallback) {
            return base.resolve(text(key, fallback)).normalize();
        }
    }
}
