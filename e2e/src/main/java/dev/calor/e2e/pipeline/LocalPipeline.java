package dev.calor.e2e.pipeline;

import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.InfluxHttp;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calor on this machine, every server its own process as in production: influxd (started here unless an
 * existing server is given), the broker with the Calor extension, the ingest worker, and edge bridges.
 * {@link #close()} stops everything it started, newest first, and is safe to call twice.
 */
public final class LocalPipeline implements AutoCloseable {

    public static final String BROKER_MAIN = "dev.calor.broker.BrokerMain";
    public static final String WORKER_MAIN = "dev.calor.worker.WorkerMain";
    public static final String BRIDGE_MAIN = "dev.calor.edgebridge.BridgeMain";
    public static final String SIM_MAIN = "dev.calor.sim.SimMain";

    /** A broker loading 20 000 users and their care circle needs ≈90 s to listen on two busy cores. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final PipelineFiles files;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, JavaProcess> processes = new LinkedHashMap<>();
    private final Map<String, List<String>> scrapeTargets = new LinkedHashMap<>();
    private final Path logback;
    private InfluxHttp influx;
    private InfluxServer ownInflux;
    private int brokerPort;
    private int workerMetricsPort;
    private Path brokerConfig;
    private Path workerConfig;
    private int brokerStarts;
    private int workerStarts;
    private boolean closed;

    private LocalPipeline(PipelineFiles files) {
        this.files = files;
        this.logback = files.logback();
    }

    /**
     * Starts InfluxDB (or uses {@code influxUrl}), creates the database, then the broker and the worker.
     * Returns once the worker has subscribed to every shard.
     */
    public static LocalPipeline start(PipelineFiles files, String influxUrl) {
        LocalPipeline pipeline = startWithoutWorker(files, influxUrl);
        try {
            pipeline.startWorker();
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /** Starts InfluxDB (or uses {@code influxUrl}) and the broker; {@link #startWorker()} adds the worker. */
    public static LocalPipeline startWithoutWorker(PipelineFiles files, String influxUrl) {
        LocalPipeline pipeline = new LocalPipeline(files);
        try {
            pipeline.startInflux(influxUrl);
            pipeline.startBroker();
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /** Starts an edge bridge serving the pipeline's patch on a serial port (a pty in tests and the demo). */
    public JavaProcess startBridge(Path serialPort) {
        int httpPort = FreePorts.next();
        JavaProcess bridge = startBridge("bridge", files.bridge(brokerPort, serialPort, httpPort));
        addScrapeTarget("calor-bridge", httpPort);
        return bridge;
    }

    /** Adds a component's {@code /metrics} port to what a Prometheus watching this pipeline scrapes. */
    public void addScrapeTarget(String job, int port) {
        List<String> targets = scrapeTargets.computeIfAbsent(job, j -> new java.util.ArrayList<>());
        String target = "127.0.0.1:" + port;
        if (!targets.contains(target)) {
            targets.add(target);
        }
    }

    /**
     * Every component's {@code /metrics} endpoint by Prometheus job ({@code calor-broker}, {@code
     * calor-worker}, {@code calor-bridge}), as {@code host:port}.
     */
    public Map<String, List<String>> scrapeTargets() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        scrapeTargets.forEach((job, targets) -> copy.put(job, List.copyOf(targets)));
        return copy;
    }

    /** Starts an edge bridge process {@code name} with a config written by {@link PipelineFiles}. */
    public JavaProcess startBridge(String name, Path config) {
        return startJava(name, BRIDGE_MAIN, List.of("--config", config.toString()));
    }

    /** The broker process now running (after a restart, the new one). */
    public JavaProcess broker() {
        return processes.get(brokerStarts == 1 ? "broker" : "broker-" + brokerStarts);
    }

    /** The worker process now running (after a restart, the new one). */
    public JavaProcess worker() {
        return processes.get(workerStarts == 1 ? "worker" : "worker-" + workerStarts);
    }

    /**
     * Starts the worker again with the same config (after it was killed); returns once it has subscribed to
     * every shard. Its log is {@code worker-<n>.log}.
     */
    public JavaProcess restartWorker() {
        if (worker().isAlive()) {
            throw new IllegalStateException("the worker is still running");
        }
        return launchWorker();
    }

    /**
     * Stops the broker (SIGTERM, as an operator's restart) and starts it again on the same port with the same
     * config and data folder; returns once it accepts connections. Its log is {@code broker-<n>.log}.
     */
    public JavaProcess restartBroker() {
        broker().stop();
        return launchBroker();
    }

    /** Starts any Calor main class as a process of this pipeline, logging to {@code <dir>/<name>.log}. */
    public JavaProcess startJava(String name, String mainClass, List<String> args) {
        List<String> jvm = new java.util.ArrayList<>(files.jvmOptions(name));
        jvm.add("-Dlogback.configurationFile=" + logback);
        JavaProcess process = JavaProcess.start(jvm, mainClass, args, Map.of(), logOf(name));
        started.push(process);
        processes.put(name, process);
        return process;
    }

    /** Registers something to close with the pipeline (before everything started earlier). */
    public <T extends AutoCloseable> T own(T resource) {
        started.push(resource);
        return resource;
    }

    public PipelineFiles files() {
        return files;
    }

    public InfluxHttp influx() {
        return influx;
    }

    /** The InfluxDB server started by this pipeline, or null when an existing one is used. */
    public InfluxServer ownInflux() {
        return ownInflux;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public Map<String, JavaProcess> processes() {
        return Map.copyOf(processes);
    }

    public Path logOf(String name) {
        return files.dir().resolve(name + ".log");
    }

    /** Readings of a device in InfluxDB. */
    public long storedReadings(String deviceId) {
        return influx.count(
                files.database(), "SELECT count(seq) FROM body_temperature WHERE device_id = '" + deviceId + "'");
    }

    private void startInflux(String influxUrl) {
        if (influxUrl == null) {
            ownInflux = own(InfluxServer.start());
            influx = ownInflux.http();
        } else {
            influx = new InfluxHttp(influxUrl);
            if (!influx.ping()) {
                throw new IllegalStateException("no InfluxDB answers /ping at " + influxUrl);
            }
        }
        influx.createDatabase(files.database());
    }

    private void startBroker() {
        brokerPort = FreePorts.next();
        int metricsPort = FreePorts.next();
        brokerConfig = files.broker(brokerPort, files.credentials(), files.careCircle(), metricsPort);
        addScrapeTarget("calor-broker", metricsPort);
        launchBroker();
    }

    private JavaProcess launchBroker() {
        brokerStarts++;
        String name = brokerStarts == 1 ? "broker" : "broker-" + brokerStarts;
        JavaProcess broker = startJava(name, BROKER_MAIN, List.of("--config", brokerConfig.toString()));
        awaitPort(broker, brokerPort);
        return broker;
    }

    /** Starts the ingest worker and returns once it has subscribed to every shard. */
    public JavaProcess startWorker() {
        workerMetricsPort = FreePorts.next();
        workerConfig =
                files.worker(brokerPort, influx.url(), files.dir().resolve("care-circle.json"), workerMetricsPort);
        addScrapeTarget("calor-worker", workerMetricsPort);
        return launchWorker();
    }

    private JavaProcess launchWorker() {
        workerStarts++;
        String name = workerStarts == 1 ? "worker" : "worker-" + workerStarts;
        JavaProcess worker = startJava(name, WORKER_MAIN, List.of("--config", workerConfig.toString()));
        awaitWorkerSubscribed(worker);
        return worker;
    }

    /**
     * Waits until the worker has subscribed to every shard it owns (it logs {@code running: shards …} then):
     * a reading forwarded to an ingest topic before any worker subscribed to it has nobody to go to.
     */
    private void awaitWorkerSubscribed(JavaProcess worker) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!worker.isAlive()) {
                throw new IllegalStateException("worker exited at start:\n" + tail(worker.log(), 30));
            }
            if (worker.log().contains(" running: shards ")) {
                return;
            }
            pause();
        }
        throw new IllegalStateException(
                "worker did not subscribe to its shards within " + START_TIMEOUT + ":\n" + tail(worker.log(), 30));
    }

    /**
     * Waits until every scrape target accepts connections (a bridge opens its HTTP port a while after its
     * process started), so a Prometheus started next does not begin with a false "down".
     */
    public void awaitScrapeTargets() {
        for (List<String> targets : scrapeTargets.values()) {
            for (String target : targets) {
                int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
                long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
                while (!listening(port)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("nothing listens on " + target + " after " + START_TIMEOUT);
                    }
                    pause();
                }
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The worker's /metrics and /health port. */
    public int workerMetricsPort() {
        return workerMetricsPort;
    }

    /** Waits until {@code process} listens on {@code port}; fails when it exits first. */
    public static void awaitPort(JavaProcess process, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited at start:\n" + tail(process.log(), 30));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IllegalStateException("nothing listens on " + port + " after " + START_TIMEOUT);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of a log. */
    public static String tail(String log, int lines) {
        List<String> all = log.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop " + next, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
