package dev.calor.e2e.demo;

import dev.calor.e2e.pipeline.CareAppProcess;
import dev.calor.e2e.pipeline.ClusterPipeline;
import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.e2e.pipeline.RunningPipeline;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PrometheusServer;
import dev.calor.testsupport.PtyPair;
import dev.calor.testsupport.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One demo run: a {@link LocalPipeline} (influxd, broker with the Calor extension, worker) and the caregiver app
 * on PostgreSQL ({@link CareAppProcess}), or with {@code --cluster} a {@link ClusterPipeline} (Kafka, influxd, two
 * broker nodes behind HAProxy, two workers); an edge bridge and a simulated patch on a real pty, and a
 * caregiver's subscription, with what happens shown on the terminal. {@link #close()} stops everything, and is
 * safe to call twice.
 */
final class Demo implements AutoCloseable {

    private static final Duration STATUS_EVERY = Duration.ofSeconds(10);
    private static final Duration SCRAPE_EVERY = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 15;
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\w+)\\s+(\\S+) - (.*)$");

    private final DemoOptions options;
    private final DemoConsole console;
    private RunningPipeline pipeline;
    private AlertWatcher alerts;
    private OperatorAlerts operatorAlerts;
    private boolean influxDeathReported;
    private long startedNs;
    private boolean closed;
    private volatile boolean stopRequested;
    private volatile boolean watching;
    private final java.util.concurrent.CountDownLatch watchEnded = new java.util.concurrent.CountDownLatch(1);

    Demo(DemoOptions options, DemoConsole console) {
        this.options = options;
        this.console = console;
    }

    DemoSummary run() throws InterruptedException {
        Path dir = prepareRunDir();
        PipelineFiles files = new PipelineFiles(
                dir,
                options.database(),
                options.acceleration(),
                HexFormat.of().formatHex(new SecureRandom().generateSeed(12)));
        console.banner("Calor demo: configuration and logs of this run in " + dir);
        synchronized (this) {
            if (closed) {
                return DemoSummary.empty();
            }
            pipeline =
                    options.cluster() ? ClusterPipeline.start(files) : LocalPipeline.start(files, options.influxUrl());
        }
        console.line(
                "influxdb",
                pipeline.ownInflux() != null
                        ? "influxd started at " + pipeline.influx().url()
                        : "using " + pipeline.influx().url());
        CareAppProcess app = null;
        if (pipeline instanceof ClusterPipeline cluster) {
            describe(cluster);
        } else {
            console.line("broker", "HiveMQ CE with the Calor extension on 127.0.0.1:" + pipeline.mqttPort());
        }
        pipeline.processes().keySet().forEach(this::follow);
        if (pipeline instanceof LocalPipeline local) {
            app = CareAppProcess.start(local);
            console.line("app", "caregiver app on " + app.url() + " with its registry in PostgreSQL");
            follow("app");
        }

        PtyPair pty = pipeline.own(PtyPair.open(createDirectory(dir.resolve("pty"))));
        console.line("pty", "patch side " + realPath(pty.patchSide()) + ", bridge side " + realPath(pty.bridgeSide()));
        pipeline.startBridge(pty.bridgeSide());
        follow("bridge");
        alerts = pipeline.own(new AlertWatcher(
                pipeline.mqttPort(), PipelineFiles.CAREGIVER, files.secret(), PipelineFiles.PATIENT, console));
        console.line(PipelineFiles.CAREGIVER, "Rose's daughter, subscribed to Rose's alerts");
        pipeline.startJava(
                "patch",
                LocalPipeline.SIM_MAIN,
                List.of(
                        "--scenario", options.scenario().toString(),
                        "--serial", pty.patchSide().toString(),
                        "--device-id", PipelineFiles.DEVICE,
                        "--acceleration", Double.toString(options.acceleration())));
        follow("patch");
        startedNs = System.nanoTime();
        if (options.observe() && pipeline instanceof LocalPipeline local) {
            observe(local, dir);
        }
        printQueryHelp();
        if (app != null) {
            console.banner("Caregiver app: " + app.url() + "/  (sign in as " + CareAppProcess.EMAIL + " / "
                    + app.password() + ")");
            console.banner("");
        }
        return watch();
    }

    /** Starts a Prometheus scraping every component with the operator rules loaded (--observe). */
    private void observe(LocalPipeline pipeline, Path dir) {
        pipeline.awaitScrapeTargets();
        PrometheusServer prometheus = pipeline.own(PrometheusServer.start(
                createDirectory(dir.resolve("prometheus")),
                pipeline.scrapeTargets(),
                List.of(options.rules()),
                SCRAPE_EVERY));
        operatorAlerts = new OperatorAlerts(prometheus, console);
        console.line(
                "prometheus",
                "Prometheus at " + prometheus.url() + " scraping "
                        + String.join(", ", pipeline.scrapeTargets().keySet()) + " with Calor's rules ("
                        + options.rules() + "); alerts: " + prometheus.url() + "/alerts");
    }

    /** What runs where in the scaled-out pipeline. */
    private void describe(ClusterPipeline cluster) {
        console.line("kafka", "Kafka (KRaft, one node) at " + cluster.kafka().bootstrapServers());
        for (String node : ClusterPipeline.NODES) {
            console.line(
                    node,
                    "HiveMQ CE with the Calor extension on 127.0.0.1:" + cluster.brokerPort(node)
                            + ", forwarding to Kafka");
        }
        console.line(
                "haproxy",
                "HAProxy on 127.0.0.1:" + cluster.mqttPort() + " in front of "
                        + String.join(" and ", ClusterPipeline.NODES) + ", hashing on the MQTT client id");
        console.line(
                "workers",
                String.join(" and ", ClusterPipeline.WORKERS) + " share " + ClusterPipeline.PARTITIONS
                        + " partitions: storage "
                        + cluster.groups().partitionsByWorker(dev.calor.e2e.pipeline.KafkaGroups.STORAGE)
                        + ", alerting "
                        + cluster.groups().partitionsByWorker(dev.calor.e2e.pipeline.KafkaGroups.ALERTING));
    }

    private DemoSummary watch() throws InterruptedException {
        long deadline = options.duration() == null
                ? Long.MAX_VALUE
                : System.nanoTime() + options.duration().toNanos();
        watching = true;
        try {
            return watchUntil(deadline);
        } finally {
            watchEnded.countDown();
        }
    }

    private DemoSummary watchUntil(long deadline) throws InterruptedException {
        long nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
        boolean patchDone = false;
        while (!stopRequested && System.nanoTime() < deadline) {
            for (Map.Entry<String, JavaProcess> component : pipeline.processes().entrySet()) {
                JavaProcess process = component.getValue();
                if (process.isAlive()) {
                    continue;
                }
                if (!component.getKey().equals("patch")) {
                    String died = "the " + component.getKey() + " (pid " + process.pid() + ") died: "
                            + ExitStatus.describe(process.exitValue());
                    console.line(
                            component.getKey(), died + "; last lines of " + pipeline.logOf(component.getKey()) + ":");
                    LocalPipeline.tail(process.log(), LOG_TAIL_LINES)
                            .lines()
                            .forEach(l -> console.line(component.getKey(), "  " + l));
                    return summary(died);
                }
                if (!patchDone) {
                    patchDone = true;
                    if (process.exitValue() != 0) {
                        console.line(
                                "patch",
                                "the simulated patch died: " + ExitStatus.describe(process.exitValue())
                                        + "; last lines of " + pipeline.logOf("patch") + ":");
                        LocalPipeline.tail(process.log(), LOG_TAIL_LINES)
                                .lines()
                                .forEach(l -> console.line("patch", "  " + l));
                    }
                    console.line(
                            "patch",
                            "scenario over; the pipeline stays up for your queries"
                                    + (options.duration() == null ? " (Ctrl-C to stop)" : ""));
                }
            }
            reportInfluxDeath();
            if (System.nanoTime() >= nextStatus) {
                nextStatus += STATUS_EVERY.toNanos();
                OptionalLong stored = storedReadings();
                console.line(
                        "influxdb",
                        stored.isPresent()
                                ? stored.getAsLong() + " readings of " + PipelineFiles.DEVICE + " stored in '"
                                        + options.database() + "'"
                                : "InfluxDB unreachable at " + pipeline.influx().url()
                                        + " (the worker keeps retrying; readings wait in the broker)");
                if (operatorAlerts != null) {
                    operatorAlerts.poll();
                }
            }
            Thread.sleep(200);
        }
        return summary(null);
    }

    /** The demo's own influxd is not a Calor component: say once that it died, and carry on. */
    private void reportInfluxDeath() {
        if (influxDeathReported
                || pipeline.ownInflux() == null
                || pipeline.ownInflux().isRunning()) {
            return;
        }
        influxDeathReported = true;
        console.line(
                "influxdb",
                "influxd died: " + ExitStatus.describe(pipeline.ownInflux().exitValue())
                        + "; the pipeline keeps the readings until it is back. Last lines of its log:");
        pipeline.ownInflux().logTail(LOG_TAIL_LINES).lines().forEach(l -> console.line("influxdb", "  " + l));
    }

    private DemoSummary summary(String stoppedBecause) {
        OptionalLong stored = storedReadings();
        List<ReceivedAlert> received = alerts == null ? List.of() : alerts.received();
        List<PrometheusServer.Alert> operator = operatorAlerts == null
                ? List.of()
                : operatorAlerts.during(Duration.ofNanos(System.nanoTime() - startedNs));
        DemoSummary summary = new DemoSummary(stored, received, operator, stoppedBecause);
        console.banner("");
        if (stoppedBecause != null) {
            console.banner("Stopped early: " + stoppedBecause);
        }
        console.banner(summary.line());
        if (operatorAlerts != null) {
            console.banner(summary.operatorLine());
        }
        return summary;
    }

    /** Readings of the demo patch in InfluxDB, or empty when InfluxDB does not answer. */
    private OptionalLong storedReadings() {
        try {
            return OptionalLong.of(pipeline.storedReadings(PipelineFiles.DEVICE));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private void follow(String name) {
        pipeline.own(new LogFollower(pipeline.logOf(name), name, line -> shown(name, line), console));
    }

    /** What of a component's output the demo prints: the patch's readings, batches, alerts, problems. */
    static String shown(String component, String line) {
        var log = LOG_LINE.matcher(line);
        if (!log.matches()) {
            return component.equals("patch") && !line.isBlank() ? line.strip() : null;
        }
        String level = log.group(1);
        String logger = log.group(2);
        String message = log.group(3);
        if (level.equals("WARN") || level.equals("ERROR")) {
            return level + " " + message;
        }
        if (component.equals("bridge") && message.startsWith("published")) {
            return message;
        }
        if (logger.startsWith("calor.event.")) {
            return logger.substring("calor.event.".length()) + ": " + message;
        }
        return null;
    }

    private void printQueryHelp() {
        String url = pipeline.influx().url();
        String db = options.database();
        String query = "SELECT celsius, core_celsius, seq FROM body_temperature WHERE device_id = '"
                + PipelineFiles.DEVICE + "' AND time > now() - 15m";
        console.banner("");
        console.banner("InfluxDB: " + url + "   database: " + db);
        console.banner("Query it from another terminal while the demo runs:");
        console.banner(
                "  curl -sG '" + url + "/query' --data-urlencode 'db=" + db + "' --data-urlencode \"q=" + query + "\"");
        console.banner("  curl -sG '" + url + "/query' --data-urlencode 'db=" + db
                + "' --data-urlencode \"q=SELECT * FROM alerts\"");
        console.banner("");
    }

    private Path prepareRunDir() {
        Path dir = options.runDir();
        TempDirs.deleteRecursively(dir);
        return createDirectory(dir);
    }

    private static Path createDirectory(Path dir) {
        try {
            return Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String realPath(Path link) {
        try {
            return link.toRealPath().toString();
        } catch (IOException e) {
            return link.toString();
        }
    }

    /**
     * Ctrl-C: the watch loop stops and prints its summary while every process is still up (so a stopped
     * component is not reported as died), then everything stops.
     */
    public void interrupt() {
        stopRequested = true;
        try {
            if (watching) {
                watchEnded.await(15, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pipeline != null) {
            try {
                pipeline.close();
            } catch (RuntimeException e) {
                console.line("demo", e.getMessage());
            }
        }
        console.line("demo", "every process the demo started has stopped");
    }
}
