package dev.calor.worker.sink;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import dev.calor.worker.config.InfluxSettings;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * The one InfluxDB client of the worker (influxdb-client-java): the v2 API for InfluxDB 2.x/3.x (org,
 * bucket, token) and, through {@link V1CompatInterceptor}, InfluxDB 1.x (database, retention policy,
 * user, password). Gzip on request bodies when configured.
 */
public final class InfluxClientSink implements LineSink {

    private final InfluxDBClient client;
    private final WriteApiBlocking writes;
    private final String bucket;
    private final String org;

    private InfluxClientSink(InfluxDBClient client, String bucket, String org) {
        this.client = client;
        this.writes = client.getWriteApiBlocking();
        this.bucket = bucket;
        this.org = org;
    }

    public static InfluxClientSink create(InfluxSettings s) {
        InfluxDBClient client = client(s);
        return s.isV1()
                ? new InfluxClientSink(client, s.database() + "/" + s.retentionPolicy(), "-")
                : new InfluxClientSink(client, s.bucket(), s.org());
    }

    /** A client for this configuration; InfluxQL queries (init, tests) use it too. */
    public static InfluxDBClient client(InfluxSettings s) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(s.timeout())
                .readTimeout(s.timeout())
                .writeTimeout(s.timeout())
                .retryOnConnectionFailure(false);
        InfluxDBClientOptions.Builder o =
                InfluxDBClientOptions.builder().url(s.url()).okHttpClient(http);
        if (s.isV1()) {
            http.addInterceptor(new V1CompatInterceptor());
            o.bucket(s.database() + "/" + s.retentionPolicy()).org("-");
            if (!s.username().isEmpty()) {
                o.authenticateToken((s.username() + ":" + s.password()).toCharArray());
            }
        } else {
            o.bucket(s.bucket()).org(s.org()).authenticateToken(s.token().toCharArray());
        }
        InfluxDBClient client = InfluxDBClientFactory.create(o.build());
        if (s.gzip()) {
            client.enableGzip();
        }
        return client;
    }

    @Override
    public void write(List<String> lines) {
        try {
            writes.writeRecords(bucket, org, WritePrecision.NS, lines);
        } catch (InfluxException e) {
            String message = e.getMessage() != null ? e.getMessage() : "HTTP " + e.status() + " " + e.errorBody();
            throw new SinkWriteException(e.status(), message, retryAfter(e.headers()), e);
        } catch (RuntimeException e) {
            throw new SinkWriteException(0, String.valueOf(e.getMessage()), null, e);
        }
    }

    static Duration retryAfter(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        String value = headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase("Retry-After"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unparsable) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
