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
 * of {@value #BATCH} points shaped like the worker's (same measurement, tags and fields; one series per
 * device), gzip-compressed as the worker sends them, straight to {@code /write}. The ceiling the end-to-end
 * throughput is compared with. It does less than Calor: no MQTT, no validation, no alert engine, no
 * acknowledgement to a device; the points are pre-built before the clock starts.
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

    /**
     * One probe.
     *
     * @param points points written
     * @param seconds wall time of the writes
     * @param influxdCpuSeconds CPU influxd spent meanwhile, NaN when its process is not a child of this JVM
     */
    record Result(long points, double seconds, double influxdCpuSeconds) {

        double pointsPerSecond() {
            return points / seconds;
        }

        void addTo(BenchResults results) {
            results.sampled(
                    "baselines.raw_ingest.readings_per_s",
                    "raw_ingest: influxd line-protocol points per second",
                    pointsPerSecond(),
                    "pts/s",
                    points);
            results.figure("baselines.raw_ingest.readings", "raw_ingest: points written", points, "");
            results.figure("baselines.raw_ingest.cpu_s", "raw_ingest: influxd CPU", influxdCpuSeconds, "s");
            results.sampled(
                    "baselines.raw_ingest.cpu_us_per_reading",
                    "raw_ingest: influxd CPU per point",
                    influxdCpuSeconds * 1e6 / points,
                    "µs",
                    points);
            results.sampled(
                    "baselines.raw_ingest.readings_per_cpu_s",
                    "raw_ingest: points per influxd CPU-second",
                    points / influxdCpuSeconds,
                    "pts/CPU-s",
                    points);
        }
    }

    /** Writes {@code points} points into {@code database} (which must exist); returns points per second. */
    double pointsPerSecond(String database, int points) throws InterruptedException {
        return measure(database, points).pointsPerSecond();
    }

    /** Writes {@code points} points into {@code database} (which must exist). */
    Result measure(String database, int points) throws InterruptedException {
        long influxd = Processes.childNamed("influxd");
        int batches = Math.max(1, points / BATCH);
        long baseNs = System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L;
        List<byte[]> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            bodies.add(gzip(body(b, baseNs)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            double cpuBefore = influxd < 0 ? Double.NaN : Processes.cpuSeconds(influxd);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (byte[] body : bodies) {
                done.add(pool.submit(() -> write(database, body)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = influxd < 0 ? Double.NaN : Processes.cpuSeconds(influxd) - cpuBefore;
            return new Result((long) batches * BATCH, seconds, cpu);
        } catch (ExecutionException e) {
            throw new IllegalStateException("raw write to influxd failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Points shaped as the worker writes them ({@code PointMapper}): same measurement, tags and fields. */
    static String body(int batch, long baseNs) {
        StringBuilder sb = new StringBuilder(BATCH * 170);
        for (int i = 0; i < BATCH; i++) {
            long n = (long) batch * BATCH + i;
            long device = n % DEVICES;
            double celsius = 36.0 + (n % 100) / 100.0;
            sb.append(InfluxSchema.MEASUREMENT)
                    .append(",device_id=raw-")
                    .append(device)
                    .append(",patient_id=p-raw-")
                    .append(device)
                    .append(",site=skin seq=")
                    .append(n / DEVICES)
                    .append("i,boot_epoch=1i,quality_flags=0i,celsius=")
                    .append(celsius)
                    .append(",core_celsius=")
                    .append(celsius + 0.4)
                    .append(' ')
                    .append(baseNs + n * 1_000L)
                    .append('\n');
        }
        return sb.toString();
    }

    static byte[] gzip(String body) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(body.length() / 4);
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Void write(String database, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        influxUrl + "/write?precision=n&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
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
