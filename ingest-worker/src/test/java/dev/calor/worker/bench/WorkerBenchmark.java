package dev.calor.worker.bench;

import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.RateLimits;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.TempDirs;
import dev.calor.worker.sink.PointMapper;
import dev.calor.worker.testing.CareCircles;
import dev.calor.worker.testing.TestDevice;
import dev.calor.worker.testing.TestWorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The worker alone against raw line-protocol ingest into the same influxd, in one run.
 *
 * <p>Readings are queued in the broker while the worker (a child JVM running WorkerMain) is stopped;
 * then the worker starts and drains them: readings/s from its first written point to its last, and its
 * CPU time per reading (from /proc), over the whole drain and over its second half (the JIT has compiled
 * the hot path by then), and that figure without the JIT compiler threads' CPU, which on a loaded machine
 * is still a large share of a short run (a worker runs for days, so compilation is not a per-reading
 * cost). Every patch is in the care circle, so the alert engine evaluates every reading. The
 * baseline posts the same readings as line protocol straight to influxd (4 writers, 5 000 per request).
 * Prints a table with the sample counts and the load average; asserts nothing. {@code -Djfr=FILE} records
 * the worker with Java Flight Recorder ({@code jfr print --events jdk.ExecutionSample FILE}).
 *
 * <pre>
 * mvn -o -q -pl ingest-worker test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp ingest-worker/target/test-classes:ingest-worker/target/classes:$(cat ingest-worker/target/cp.txt) \
 *     [-Djfr=worker.jfr] [-Dgzip=false] [-DperMessage=5] dev.calor.worker.bench.WorkerBenchmark [devices] [messagesPerDevice]
 * </pre>
 */
public final class WorkerBenchmark {

    /**
     * Readings per MQTT message: 1 000 by default (the drain of a backlog), {@code -DperMessage=5} for the
     * shape of live patches (the end-to-end benchmark's fleet publishes 5), where per-message costs (the
     * MQTT client, decoding, the group commit of each patient's alert state) weigh per reading.
     */
    private static final int PER_BATCH = Integer.getInteger("perMessage", 1000);

    private static final long CLK_TCK = 100;

    private WorkerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long total = (long) devices * batches * PER_BATCH;
        Path dir = TempDirs.create("calor-worker-bench-");
        try (InfluxServer influx = InfluxServer.start()) {
            Path careCircle = CareCircles.write(dir.resolve("care-circle.json"), devices, null);
            CredentialsFile.Builder creds = CredentialsFile.builder().worker("worker-1", "worker-pw");
            for (int i = 1; i <= devices; i++) {
                creds.device("patch-" + i, "device-pw");
            }
            Path credentials = creds.write(dir.resolve("credentials.yaml"));
            RateLimits open = new RateLimits(1e6, 1_000_000, 1e12, 1_000_000_000_000L, 1e6, 1_000_000);
            try (CalorBroker broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), credentials)
                    .extension(ExtensionConfig.builder(credentials)
                            .careCircleFile(careCircle)
                            .rateLimits(open)
                            .build())
                    .build())) {
                Path config = TestWorkerConfig.write(
                                dir, "bench", broker.mqttPort(), influx.url(), "worker_bench", careCircle, "all", "")
                        .toAbsolutePath();
                Files.writeString(
                        config,
                        Files.readString(config)
                                .replace("batch-size: 2000", "batch-size: 5000")
                                .replace("receive-maximum: 32", "receive-maximum: 64")
                                .replace(
                                        "batch-size: 5000",
                                        "batch-size: 5000\n  gzip: " + System.getProperty("gzip", "true")));

                // 1. sessions exist: a first start claims every shard, then stops
                try (JavaProcess w = worker(config, dir, "claim")) {
                    waitFor(() -> w.log().contains("running: shards"), Duration.ofSeconds(60));
                    w.stop();
                }
                // 2. readings wait in the broker
                List<List<String>> lines = new ArrayList<>();
                Instant base = Instant.now().minus(Duration.ofDays(1));
                for (int d = 1; d <= devices; d++) {
                    try (TestDevice dev = new TestDevice(broker.mqttPort(), "patch-" + d, "device-pw")) {
                        for (int b = 0; b < batches; b++) {
                            Instant[] times = new Instant[PER_BATCH];
                            double[] skin = new double[PER_BATCH];
                            for (int i = 0; i < PER_BATCH; i++) {
                                times[i] = base.plusMillis((b * (long) PER_BATCH + i) * 1000);
                                skin[i] = 36.0 + (i % 10) * 0.05;
                            }
                            dev.publish(times, skin);
                            lines.add(lineProtocol("patch-" + d, times, skin));
                        }
                    }
                }
                // 3. the worker drains them; CPU is read again halfway, so the second half is the warmed-up figure
                long firstNs;
                long lastNs;
                long firstCount;
                long halfCount = -1;
                double cpuFirst;
                double cpuHalf = 0;
                double cpuLast;
                double jitFirst;
                double jitHalf = 0;
                double jitLast;
                String loadBefore = loadAverage();
                try (JavaProcess w = worker(config, dir, "run")) {
                    waitFor(() -> count(influx, "worker_bench") > 0, Duration.ofSeconds(60));
                    firstNs = System.nanoTime();
                    firstCount = count(influx, "worker_bench");
                    cpuFirst = cpuSeconds(w.pid());
                    jitFirst = jitSeconds(w.pid());
                    long n;
                    while ((n = count(influx, "worker_bench")) < total) {
                        if (halfCount < 0 && n >= total / 2) {
                            halfCount = n;
                            cpuHalf = cpuSeconds(w.pid());
                            jitHalf = jitSeconds(w.pid());
                        }
                        waitFor(() -> true, Duration.ofMillis(50));
                    }
                    lastNs = System.nanoTime();
                    cpuLast = cpuSeconds(w.pid());
                    jitLast = jitSeconds(w.pid());
                    w.stop();
                }
                double workerRate = (total - firstCount) / ((lastNs - firstNs) / 1e9);
                double cpuPerReadingUs = (cpuLast - cpuFirst) / (total - firstCount) * 1e6;
                double warmCpuPerReadingUs =
                        halfCount < 0 ? Double.NaN : (cpuLast - cpuHalf) / (total - halfCount) * 1e6;
                double warmJitPerReadingUs =
                        halfCount < 0 ? Double.NaN : (jitLast - jitHalf) / (total - halfCount) * 1e6;

                // 4. raw line protocol into the same influxd
                influx.createDatabase("raw_bench");
                double rawRate = rawIngest(influx, "raw_bench", lines);

                System.out.println();
                System.out.println("Calor ingest worker benchmark (" + total + " readings, " + devices + " devices, "
                        + PER_BATCH + " readings per MQTT message, every patch in the care circle so the alert engine"
                        + " evaluates every reading; influxd 1.6.7 on this machine, " + cores() + " cores)");
                System.out.println("load average before the drain: " + loadBefore + ", after: " + loadAverage());
                System.out.printf(
                        Locale.ROOT,
                        "%-46s %12.0f readings/s (%d readings)%n",
                        "worker: broker -> worker -> InfluxDB",
                        workerRate,
                        total - firstCount);
                System.out.printf(
                        Locale.ROOT,
                        "%-46s %12.0f readings/s (%d readings)%n",
                        "raw line protocol -> same influxd (4 writers)",
                        rawRate,
                        total);
                System.out.printf(Locale.ROOT, "%-46s %12.2f%n", "ratio worker / raw", workerRate / rawRate);
                System.out.printf(
                        Locale.ROOT,
                        "%-46s %12.2f us (%d readings, %.2f CPU-s)%n",
                        "worker CPU time per reading, whole drain",
                        cpuPerReadingUs,
                        total - firstCount,
                        cpuLast - cpuFirst);
                System.out.printf(
                        Locale.ROOT,
                        "%-46s %12.2f us (%d readings, %.2f CPU-s)%n",
                        "worker CPU time per reading, second half",
                        warmCpuPerReadingUs,
                        total - halfCount,
                        cpuLast - cpuHalf);
                System.out.printf(
                        Locale.ROOT,
                        "%-46s %12.2f us (JIT compiler threads: %.2f us of it, %.2f CPU-s over the drain)%n",
                        "worker CPU per reading, 2nd half without JIT",
                        warmCpuPerReadingUs - warmJitPerReadingUs,
                        warmJitPerReadingUs,
                        jitLast - jitFirst);
                System.out.printf(
                        Locale.ROOT, "%-46s %12d%n", "readings in InfluxDB (worker)", count(influx, "worker_bench"));
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private static JavaProcess worker(Path config, Path dir, String name) {
        List<String> jvm = new ArrayList<>();
        String jfr = System.getProperty("jfr", "");
        if (!jfr.isEmpty() && name.equals("run")) {
            jvm.add("-XX:StartFlightRecording=filename=" + Path.of(jfr).toAbsolutePath()
                    + ",settings=profile,dumponexit=true");
        }
        return JavaProcess.start(
                jvm,
                "dev.calor.worker.WorkerMain",
                List.of("--config", config.toString()),
                Map.of(),
                dir.resolve("worker-" + name + ".log"));
    }

    private static List<String> lineProtocol(String device, Instant[] times, double[] skin) {
        List<String> out = new ArrayList<>(times.length);
        for (int i = 0; i < times.length; i++) {
            Reading r = Reading.newBuilder()
                    .setSequence(i)
                    .setBootEpoch(1)
                    .setSampleTimeUnixNs(TestDevice.nanos(times[i]))
                    .setTemperatureCelsius(skin[i])
                    .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                    .build();
            out.add(PointMapper.reading(device, "P-" + device.substring("patch-".length()), r, skin[i] + 1.0));
        }
        return out;
    }

    private static double rawIngest(InfluxServer influx, String db, List<List<String>> batches) throws Exception {
        List<String> all = batches.stream().flatMap(List::stream).toList();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 5000) {
            bodies.add(String.join("\n", all.subList(i, Math.min(all.size(), i + 5000))));
        }
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long t0 = System.nanoTime();
        List<Future<Integer>> done = new ArrayList<>();
        for (String body : bodies) {
            done.add(pool.submit(() -> http.send(
                            HttpRequest.newBuilder(URI.create(influx.url() + "/write?precision=n&db=" + db))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode()));
        }
        for (Future<Integer> f : done) {
            if (f.get() != 204) {
                throw new IllegalStateException("raw write failed: " + f.get());
            }
        }
        long t1 = System.nanoTime();
        pool.shutdown();
        return all.size() / ((t1 - t0) / 1e9);
    }

    private static long count(InfluxServer influx, String db) {
        return influx.count(db, "SELECT count(celsius) FROM body_temperature");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** utime + stime of the JIT compiler threads of a process (C1/C2 CompilerThread), from /proc/PID/task. */
    private static double jitSeconds(long pid) throws Exception {
        double total = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK;
                    }
                } catch (java.io.IOException threadEnded) {
                    // a compiler thread that ended meanwhile: its time is gone from the process's too
                }
            }
        }
        return total;
    }

    /** utime + stime of a process, from /proc/PID/stat. */
    private static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration atMost)
            throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                if (atMost.toMillis() <= 100) {
                    return;
                }
                throw new IllegalStateException("timed out after " + atMost);
            }
            Thread.sleep(20);
        }
    }
}
