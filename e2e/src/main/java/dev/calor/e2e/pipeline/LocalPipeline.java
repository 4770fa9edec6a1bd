package dev.calor.e2e.pipeline;

import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.InfluxHttp;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calor on this machine, every server its own process as in production: influxd (started here unless an
 * existing server is given), the broker with the Calor extension, the ingest worker, and edge bridges.
 * {@link #close()} stops everything it started, newest first, and is safe to call twice.
 */
public final class LocalPipeline implements RunningPipeline {

    public static final String BROKER_MAIN = "dev.calor.broker.BrokerMain";
    public static final String WORKER_MAIN = "dev.calor.worker.WorkerMain";
    public static final String BRIDGE_MAIN = "dev.calor.edgebridge.BridgeMain";
    public static final String SIM_MAIN = "dev.calor.sim.SimMain";

    private final PipelineFiles files;
    private final PipelineProcesses parts;
    private final Map<String, List<String>> scrapeTargets = new LinkedHashMap<>();
    private InfluxHttp influx;
    private InfluxServer ownInflux;
    private int brokerPort;
    private int workerMetricsPort;
    private Path brokerConfig;
    private Path workerConfig;
    private int brokerStarts;
    private int workerStarts;

    private LocalPipeline(PipelineFiles files) {
        this.files = files;
        this.parts = new PipelineProcesses(files);
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
    @Override
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

    @Override
    public JavaProcess startBridge(String name, Path config) {
        return startJava(name, BRIDGE_MAIN, List.of("--config", config.toString()));
    }

    /** The broker process now running (after a restart, the new one). */
    public JavaProcess broker() {
        return parts.get(brokerStarts == 1 ? "broker" : "broker-" + brokerStarts);
    }

    /** The worker process now running (after a restart, the new one). */
    public JavaProcess worker() {
        return parts.get(workerStarts == 1 ? "worker" : "worker-" + workerStarts);
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
    @Override
    public JavaProcess startJava(String name, String mainClass, List<String> args) {
        return parts.startJava(name, mainClass, args);
    }

    /** Registers something to close with the pipeline (before everything started earlier). */
    @Override
    public <T extends AutoCloseable> T own(T resource) {
        return parts.own(resource);
    }

    @Override
    public PipelineFiles files() {
        return files;
    }

    @Override
    public InfluxHttp influx() {
        return influx;
    }

    /** The InfluxDB server started by this pipeline, or null when an existing one is used. */
    @Override
    public InfluxServer ownInflux() {
        return ownInflux;
    }

    public int brokerPort() {
        return brokerPort;
    }

    @Override
    public int mqttPort() {
        return brokerPort;
    }

    @Override
    public Map<String, JavaProcess> processes() {
        return parts.all();
    }

    @Override
    public Path logOf(String name) {
        return parts.logOf(name);
    }

    /** Readings of a device in InfluxDB. */
    @Override
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
        PipelineProcesses.awaitLog(worker, " running: shards ", "worker did not subscribe to its shards");
    }

    /**
     * Waits until every scrape target accepts connections (a bridge opens its HTTP port a while after its
     * process started), so a Prometheus started next does not begin with a false "down".
     */
    public void awaitScrapeTargets() {
        for (List<String> targets : scrapeTargets.values()) {
            for (String target : targets) {
                PipelineProcesses.awaitListening(Integer.parseInt(target.substring(target.lastIndexOf(':') + 1)));
            }
        }
    }

    /** The worker's /metrics and /health port. */
    public int workerMetricsPort() {
        return workerMetricsPort;
    }

    /** Waits until {@code process} listens on {@code port}; fails when it exits first. */
    public static void awaitPort(JavaProcess process, int port) {
        PipelineProcesses.awaitPort(process, port);
    }

    /** The last lines of a log. */
    public static String tail(String log, int lines) {
        return PipelineProcesses.tail(log, lines);
    }

    @Override
    public void close() {
        parts.close();
    }
}
