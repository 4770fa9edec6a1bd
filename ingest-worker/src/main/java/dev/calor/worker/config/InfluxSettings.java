package dev.calor.worker.config;

import java.time.Duration;

/**
 * Where and how the worker writes InfluxDB. {@code version} "1" uses database, retention policy, user
 * and password (any InfluxDB 1.x); "2" uses org, bucket and token (InfluxDB 2.x and 3.x).
 *
 * <p>Flushing: points are written once the oldest has waited {@code linger} and no write is under way; during a
 * write they gather until {@code batchSize} points or {@code flushInterval}, then up to {@code parallelWrites}
 * writes run at once. The default linger (20 ms) bounds a moderate stream to about 50 write requests a second
 * instead of one per message: InfluxDB's client and influxd both pay per request, not per point.
 */
public record InfluxSettings(
        String version,
        String url,
        String database,
        String retentionPolicy,
        String username,
        String password,
        String org,
        String bucket,
        String token,
        boolean gzip,
        Duration timeout,
        int batchSize,
        int parallelWrites,
        Duration flushInterval,
        Duration linger,
        Duration retryInitial,
        Duration retryMax,
        boolean initSchemaOnStart) {

    public static final String DEFAULT_URL = "http://127.0.0.1:8086";
    public static final String DEFAULT_DATABASE = "calor";
    public static final String DEFAULT_RETENTION_POLICY = "raw_30d";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_BATCH_SIZE = 5000;
    public static final int DEFAULT_PARALLEL_WRITES = 4;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(20);
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(10);

    public boolean isV1() {
        return "1".equals(version);
    }

    /** The same target with another retention policy (1.x; ignored by 2.x/3.x, whose bucket stays). */
    public InfluxSettings withRetentionPolicy(String rp) {
        return new InfluxSettings(
                version,
                url,
                database,
                rp,
                username,
                password,
                org,
                bucket,
                token,
                gzip,
                timeout,
                batchSize,
                parallelWrites,
                flushInterval,
                linger,
                retryInitial,
                retryMax,
                initSchemaOnStart);
    }

    /** Settings for a local InfluxDB 1.x with the defaults (tests, benchmark). */
    public static InfluxSettings v1(String url, String database) {
        return new InfluxSettings(
                "1",
                url,
                database,
                DEFAULT_RETENTION_POLICY,
                "",
                "",
                "",
                "",
                "",
                true,
                DEFAULT_TIMEOUT,
                DEFAULT_BATCH_SIZE,
                DEFAULT_PARALLEL_WRITES,
                DEFAULT_FLUSH_INTERVAL,
                DEFAULT_LINGER,
                DEFAULT_RETRY_INITIAL,
                DEFAULT_RETRY_MAX,
                true);
    }
}
