package dev.calor.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The raw line-protocol ingest rate of an influxd: {@value #WRITERS} parallel writers posting batches
 * of {@value #BATCH} points shaped like Calor's readings (one series per device) straight to
 * {@code /write}. The ceiling the end-to-end throughput is compared with.
 */
final class RawIngestProbe {

    static final int WRITERS = 4;
    static final int BATCH = 5_000;
    private static final int DEVICES = 1_000;

    private final String influxUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RawIngestProbe(String influxUrl) {
        this.influxUrl = influxUrl;
    }

    /** Writes {@code points} points into {@code database} (which must exist); returns points per second. */
    double pointsPerSecond(String database, int points) throws InterruptedException {
        int batches = Math.max(1, points / BATCH);
        long baseNs = System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L;
        List<String> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            bodies.add(body(b, baseNs));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (String body : bodies) {
                done.add(pool.submit(() -> write(database, body)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return (double) batches * BATCH / seconds;
        } catch (ExecutionException e) {
            throw new IllegalStateException("raw write to influxd failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String body(int batch, long baseNs) {
        StringBuilder sb = new StringBuilder(BATCH * 110);
        for (int i = 0; i < BATCH; i++) {
            long n = (long) batch * BATCH + i;
            long device = n % DEVICES;
            sb.append("raw_temperature,device_id=raw-")
                    .append(device)
                    .append(",site=axilla temperature_celsius=")
                    .append(36.0 + (n % 100) / 100.0)
                    .append(",sequence=")
                    .append(n / DEVICES)
                    .append("i,quality_flags=0i ")
                    .append(baseNs + n * 1_000L)
                    .append('\n');
        }
        return sb.toString();
    }

    private Void write(String database, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        influxUrl + "/write?precision=n&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("influxd answered " + response.statusCode() + ": " + response.body());
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
