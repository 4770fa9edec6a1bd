package dev.calor.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calor.config.ConfigFile;
import dev.calor.config.ConfigNode;
import dev.calor.proto.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedSet;

/**
 * Reads the worker's YAML file and validates all of it, reporting every problem at once. Relative paths
 * are resolved against the file's directory.
 */
public final class WorkerConfigLoader {

    private static final String ID_RULE = "must be letters, digits, '.', '_' or '-'";

    private WorkerConfigLoader() {}

    public static WorkerConfig load(Path file) {
        return ConfigFile.load(file, WorkerConfigLoader::read);
    }

    public static WorkerConfig parse(JsonNode root, Path base, String origin) {
        return ConfigFile.read(root, origin, base, WorkerConfigLoader::read);
    }

    private static WorkerConfig read(ConfigNode top) {
        String workerId = top.required("worker-id").orElse("");
        if (!workerId.isEmpty() && !Topics.isValidId(workerId)) {
            top.problem("worker-id", "'" + workerId + "' " + ID_RULE);
        }
        int shardCount = top.integer("shard-count", Topics.DEFAULT_SHARD_COUNT, 1, Topics.MAX_SHARD_COUNT);
        SortedSet<Integer> shards =
                Shards.parse(top.string("shards", "all"), shardCount, m -> top.problem("shards", m));
        MqttSettings mqtt = mqtt(top.section("mqtt"));
        InfluxSettings influx = influx(top.section("influx"));
        Path careCircle = top.readableFile("care-circle-file", true).orElse(null);
        String prefix = "data/" + (workerId.isEmpty() ? "worker" : workerId);
        AlertSettings alerts = alerts(top.section("alerts"), prefix);
        Path deadLetter = top.path("dead-letter-file", prefix + "-dead-letter.jsonl");
        int metricsPort = top.integer("metrics-port", 9401, -1, 65535);
        KafkaSettings kafka = KafkaSettings.read(top);
        EmailSettings email = EmailSettings.read(top.section("email"));
        return new WorkerConfig(
                workerId, shardCount, shards, mqtt, influx, careCircle, alerts, deadLetter, metricsPort, kafka, email);
    }

    private static MqttSettings mqtt(ConfigNode m) {
        return new MqttSettings(
                m.string("host", "127.0.0.1"),
                m.integer("port", MqttSettings.DEFAULT_PORT, 1, 65535),
                m.string("username", ""),
                m.string("password", ""),
                m.string("client-id-prefix", MqttSettings.DEFAULT_CLIENT_ID_PREFIX),
                m.duration("session-expiry", MqttSettings.DEFAULT_SESSION_EXPIRY, Duration.ofMinutes(1)),
                m.integer("receive-maximum", MqttSettings.DEFAULT_RECEIVE_MAXIMUM, 1, 65535));
    }

    private static InfluxSettings influx(ConfigNode i) {
        String version = i.string("version", "1");
        boolean v2 = version.equals("2");
        if (!version.equals("1") && !v2) {
            i.problem("version", "must be 1 (InfluxDB 1.x) or 2 (InfluxDB 2.x/3.x), was '" + version + "'");
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
                v2 ? i.required("org").orElse("") : i.string("org", ""),
                v2 ? i.required("bucket").orElse("") : i.string("bucket", ""),
                v2 ? i.required("token").orElse("") : i.string("token", ""),
                i.bool("gzip", true),
                i.duration("timeout", InfluxSettings.DEFAULT_TIMEOUT, Duration.ofMillis(100)),
                i.integer("batch-size", InfluxSettings.DEFAULT_BATCH_SIZE, 1, 100_000),
                i.integer("parallel-writes", InfluxSettings.DEFAULT_PARALLEL_WRITES, 1, 32),
                i.duration("flush-interval", InfluxSettings.DEFAULT_FLUSH_INTERVAL, Duration.ofMillis(1)),
                i.duration("linger", InfluxSettings.DEFAULT_LINGER, Duration.ZERO),
                i.duration("retry-initial", InfluxSettings.DEFAULT_RETRY_INITIAL, Duration.ofMillis(1)),
                i.duration("retry-max", InfluxSettings.DEFAULT_RETRY_MAX, Duration.ofMillis(1)),
                i.bool("init-schema-on-start", true));
        if (influx.linger().compareTo(influx.flushInterval()) > 0) {
            i.problem("linger", "must not be longer than flush-interval");
        }
        if (influx.isV1() && !Topics.isValidId(influx.database())) {
            i.problem("database", "'" + influx.database() + "' " + ID_RULE);
        }
        if (influx.isV1() && !Topics.isValidId(influx.retentionPolicy())) {
            i.problem("retention-policy", "'" + influx.retentionPolicy() + "' " + ID_RULE);
        }
        if (influx.retryMax().compareTo(influx.retryInitial()) < 0) {
            i.problem("retry-max", "must not be shorter than retry-initial");
        }
        return influx;
    }

    private static AlertSettings alerts(ConfigNode a, String prefix) {
        return new AlertSettings(
                a.path("state-file", prefix + "-alerts.db"),
                a.duration("late-after", AlertSettings.DEFAULT_LATE_AFTER, Duration.ofMinutes(1)),
                a.duration("tick-interval", AlertSettings.DEFAULT_TICK_INTERVAL, Duration.ofMillis(10)),
                a.duration(
                        "delivery-retry-initial", AlertSettings.DEFAULT_DELIVERY_RETRY_INITIAL, Duration.ofMillis(1)),
                a.duration("delivery-retry-max", AlertSettings.DEFAULT_DELIVERY_RETRY_MAX, Duration.ofMillis(1)),
                a.duration(
                        "delivery-give-up-after", AlertSettings.DEFAULT_DELIVERY_GIVE_UP_AFTER, Duration.ofSeconds(1)),
                a.duration("webhook-timeout", AlertSettings.DEFAULT_WEBHOOK_TIMEOUT, Duration.ofMillis(10)),
                a.duration("keep-alerts", AlertSettings.DEFAULT_KEEP_ALERTS, Duration.ofDays(1)));
    }
}
