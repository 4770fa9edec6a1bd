package dev.calor.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calor.proto.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * Reads the worker's YAML file and validates all of it, reporting every problem at once. Relative paths
 * are resolved against the file's directory.
 */
public final class WorkerConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private WorkerConfigLoader() {}

    public static WorkerConfig load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(root, base, file.toString());
    }

    public static WorkerConfig parse(JsonNode root, Path base, String origin) {
        List<String> p = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new ConfigException(origin, List.of("the file must be a YAML mapping"));
        }
        ConfigNode top = new ConfigNode(root, "", p);
        top.allowOnly(Set.of(
                "worker-id",
                "shard-count",
                "shards",
                "mqtt",
                "influx",
                "care-circle-file",
                "alerts",
                "dead-letter-file",
                "metrics-port"));
        String workerId = top.required("worker-id");
        if (!workerId.isEmpty() && !Topics.isValidId(workerId)) {
            top.problem("worker-id", "'" + workerId + "' must be letters, digits, '.', '_' or '-'");
        }
        int shardCount = top.integer("shard-count", Topics.DEFAULT_SHARD_COUNT, 1, Topics.MAX_SHARD_COUNT);
        SortedSet<Integer> shards = Shards.parse(top.string("shards", "all"), shardCount, p, "shards");

        ConfigNode m = top.child("mqtt");
        m.allowOnly(Set.of(
                "host", "port", "username", "password", "client-id-prefix", "session-expiry", "receive-maximum"));
        MqttSettings mqtt = new MqttSettings(
                m.string("host", "127.0.0.1"),
                m.integer("port", MqttSettings.DEFAULT_PORT, 1, 65535),
                m.string("username", ""),
                m.string("password", ""),
                m.string("client-id-prefix", MqttSettings.DEFAULT_CLIENT_ID_PREFIX),
                m.duration("session-expiry", MqttSettings.DEFAULT_SESSION_EXPIRY, Duration.ofMinutes(1)),
                m.integer("receive-maximum", MqttSettings.DEFAULT_RECEIVE_MAXIMUM, 1, 65535));

        ConfigNode i = top.child("influx");
        i.allowOnly(Set.of(
                "version",
                "url",
                "database",
                "retention-policy",
                "username",
                "password",
                "org",
                "bucket",
                "token",
                "gzip",
                "timeout",
                "batch-size",
                "parallel-writes",
                "flush-interval",
                "retry-initial",
                "retry-max",
                "init-schema-on-start"));
        String version = i.string("version", "1");
        if (!version.equals("1") && !version.equals("2")) {
            i.problem("version", "must be 1 (InfluxDB 1.x) or 2 (InfluxDB 2.x/3.x), not '" + version + "'");
        }
        String url = i.string("url", InfluxSettings.DEFAULT_URL);
        try {
            URI u = URI.create(url);
            if (u.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                i.problem("url", "'" + url + "' is not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            i.problem("url", "'" + url + "' is not a URL");
        }
        InfluxSettings influx = new InfluxSettings(
                version,
                url,
                i.string("database", InfluxSettings.DEFAULT_DATABASE),
                i.string("retention-policy", InfluxSettings.DEFAULT_RETENTION_POLICY),
                i.string("username", ""),
                i.string("password", ""),
                version.equals("2") ? i.required("org") : i.string("org", ""),
                version.equals("2") ? i.required("bucket") : i.string("bucket", ""),
                version.equals("2") ? i.required("token") : i.string("token", ""),
                i.bool("gzip", true),
                i.duration("timeout", InfluxSettings.DEFAULT_TIMEOUT, Duration.ofMillis(100)),
                i.integer("batch-size", InfluxSettings.DEFAULT_BATCH_SIZE, 1, 100_000),
                i.integer("parallel-writes", InfluxSettings.DEFAULT_PARALLEL_WRITES, 1, 32),
                i.duration("flush-interval", InfluxSettings.DEFAULT_FLUSH_INTERVAL, Duration.ofMillis(1)),
                i.duration("retry-initial", InfluxSettings.DEFAULT_RETRY_INITIAL, Duration.ofMillis(1)),
                i.duration("retry-max", InfluxSettings.DEFAULT_RETRY_MAX, Duration.ofMillis(1)),
                i.bool("init-schema-on-start", true));
        if (influx.isV1() && !Topics.isValidId(influx.database())) {
            i.problem("database", "'" + influx.database() + "' must be letters, digits, '.', '_' or '-'");
        }
        if (influx.isV1() && !Topics.isValidId(influx.retentionPolicy())) {
            i.problem(
                    "retention-policy", "'" + influx.retentionPolicy() + "' must be letters, digits, '.', '_' or '-'");
        }
        if (influx.retryMax().compareTo(influx.retryInitial()) < 0) {
            i.problem("retry-max", "must not be shorter than retry-initial");
        }

        Path careCircle = path(base, top.required("care-circle-file"));
        if (careCircle != null && !Files.isReadable(careCircle)) {
            top.problem("care-circle-file", "'" + careCircle + "' is not a readable file");
        }

        ConfigNode a = top.child("alerts");
        a.allowOnly(Set.of(
                "state-file",
                "late-after",
                "tick-interval",
                "delivery-retry-initial",
                "delivery-retry-max",
                "delivery-give-up-after",
                "webhook-timeout",
                "keep-alerts"));
        AlertSettings alerts = new AlertSettings(
                path(base, a.string("state-file", "data/" + (workerId.isEmpty() ? "worker" : workerId) + "-alerts.db")),
                a.duration("late-after", AlertSettings.DEFAULT_LATE_AFTER, Duration.ofMinutes(1)),
                a.duration("tick-interval", AlertSettings.DEFAULT_TICK_INTERVAL, Duration.ofMillis(10)),
                a.duration(
                        "delivery-retry-initial", AlertSettings.DEFAULT_DELIVERY_RETRY_INITIAL, Duration.ofMillis(1)),
                a.duration("delivery-retry-max", AlertSettings.DEFAULT_DELIVERY_RETRY_MAX, Duration.ofMillis(1)),
                a.duration(
                        "delivery-give-up-after", AlertSettings.DEFAULT_DELIVERY_GIVE_UP_AFTER, Duration.ofSeconds(1)),
                a.duration("webhook-timeout", AlertSettings.DEFAULT_WEBHOOK_TIMEOUT, Duration.ofMillis(10)),
                a.duration("keep-alerts", AlertSettings.DEFAULT_KEEP_ALERTS, Duration.ofDays(1)));
        Path deadLetter = path(
                base,
                top.string(
                        "dead-letter-file",
                        "data/" + (workerId.isEmpty() ? "worker" : workerId) + "-dead-letter.jsonl"));
        int metricsPort = top.integer("metrics-port", 9401, -1, 65535);
        if (!p.isEmpty()) {
            throw new ConfigException(origin, p);
        }
        return new WorkerConfig(
                workerId, shardCount, shards, mqtt, influx, careCircle, alerts, deadLetter, metricsPort);
    }

    private static Path path(Path base, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path p = Path.of(value);
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }
}
