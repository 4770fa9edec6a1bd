package dev.calor.e2e.pipeline;

import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.HaproxyServer;
import dev.calor.testsupport.InfluxHttp;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.KafkaServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calor scaled out on this machine, every server its own process: Kafka (KRaft, one node), influxd, two broker
 * nodes forwarding to Kafka (same credentials and care circle, their own node id, ports and data folder), HAProxy
 * in front of them hashing on the MQTT client id, and two workers in the Kafka consumer groups. Bridges and
 * patches connect through HAProxy ({@link #mqttPort()}). {@link #start} returns once both groups have spread
 * their partitions over both workers; {@link #close()} stops everything started, newest first, also when a start
 * failed.
 */
public final class ClusterPipeline implements RunningPipeline {

    public static final List<String> NODES = List.of("node1", "node2");
    public static final List<String> WORKERS = List.of(PipelineFiles.WORKER, PipelineFiles.WORKER_2);
    /** Readings partitions: the unit of ownership in the groups, so at least the workers there may be. */
    public static final int PARTITIONS = 8;
    /** A silent worker's partitions move after this. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** A device's PUBACK waits for Kafka at most this long, then it is answered 0x97 and resends. */
    public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);

    private final PipelineFiles files;
    private final PipelineProcesses parts;
    private final Map<String, Integer> brokerPorts = new LinkedHashMap<>();
    private final Map<String, Integer> brokerMetricsPorts = new HashMap<>();
    private final Map<String, Path> configs = new HashMap<>();
    private final Map<String, Integer> starts = new HashMap<>();
    private KafkaServer kafka;
    private InfluxServer influxServer;
    private InfluxHttp influx;
    private HaproxyServer haproxy;
    private KafkaGroups groups;

    private ClusterPipeline(PipelineFiles files) {
        this.files = files;
        this.parts = new PipelineProcesses(files);
    }

    public static ClusterPipeline start(PipelineFiles files) {
        ClusterPipeline cluster = new ClusterPipeline(files);
        try {
            cluster.startServers();
            cluster.startBrokers();
            cluster.haproxy = cluster.own(HaproxyServer.start(List.copyOf(cluster.brokerPorts.values())));
            cluster.startWorkers();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Where bridges, patches and caregivers connect: HAProxy. */
    @Override
    public int mqttPort() {
        return haproxy.port();
    }

    public KafkaServer kafka() {
        return kafka;
    }

    public KafkaGroups groups() {
        return groups;
    }

    @Override
    public InfluxHttp influx() {
        return influx;
    }

    @Override
    public InfluxServer ownInflux() {
        return influxServer;
    }

    /** Broker node {@code node}'s own MQTT port (behind HAProxy). */
    public int brokerPort(String node) {
        return brokerPorts.get(node);
    }

    /** Broker node {@code node}'s {@code /metrics} port. */
    public int brokerMetricsPort(String node) {
        return brokerMetricsPorts.get(node);
    }

    /** The process of broker node {@code node} or worker {@code id} now running (after a restart, the new one). */
    public JavaProcess process(String name) {
        int n = starts.getOrDefault(name, 1);
        return parts.get(n == 1 ? name : name + "-" + n);
    }

    /** Starts broker node {@code node} again with the same config and data folder (after it was killed). */
    public JavaProcess restartBroker(String node) {
        JavaProcess broker = relaunch(node);
        PipelineProcesses.awaitPort(broker, brokerPort(node));
        return broker;
    }

    /** Starts worker {@code id} again with the same config (after it was killed); returns once it joined. */
    public JavaProcess restartWorker(String id) {
        return restartWorkers(List.of(id)).get(0);
    }

    /**
     * Starts the stopped workers {@code ids} again at the same time (so none of them drains a backlog alone while
     * the others start); returns once each has joined the groups.
     */
    public List<JavaProcess> restartWorkers(List<String> ids) {
        List<JavaProcess> started = ids.stream().map(this::relaunch).toList();
        started.forEach(ClusterPipeline::awaitJoined);
        return started;
    }

    @Override
    public PipelineFiles files() {
        return files;
    }

    @Override
    public <T extends AutoCloseable> T own(T resource) {
        return parts.own(resource);
    }

    @Override
    public JavaProcess startBridge(String name, Path config) {
        return parts.startJava(name, LocalPipeline.BRIDGE_MAIN, List.of("--config", config.toString()));
    }

    @Override
    public JavaProcess startBridge(Path serialPort) {
        return startBridge(
                "bridge", files.serialBridge("bridge", PipelineFiles.DEVICE, mqttPort(), serialPort, FreePorts.next()));
    }

    @Override
    public JavaProcess startJava(String name, String mainClass, List<String> args) {
        return parts.startJava(name, mainClass, args);
    }

    @Override
    public Path logOf(String name) {
        return parts.logOf(name);
    }

    /** Every process started, by name ({@code node1}, {@code worker-2}, {@code worker-2-2} after a restart). */
    @Override
    public Map<String, JavaProcess> processes() {
        return parts.all();
    }

    /** Readings of a device in InfluxDB. */
    @Override
    public long storedReadings(String deviceId) {
        return influx.count(
                files.database(), "SELECT count(seq) FROM body_temperature WHERE device_id = '" + deviceId + "'");
    }

    private void startServers() {
        // Kafka's default of 50 transaction-log partitions makes the workers' first transaction wait for all of them
        kafka = own(KafkaServer.start(List.of("transaction.state.log.num.partitions=4")));
        groups = own(new KafkaGroups(kafka.bootstrapServers()));
        influxServer = own(InfluxServer.start());
        influx = influxServer.http();
        influx.createDatabase(files.database());
    }

    private void startBrokers() {
        Path credentials = files.credentials(WORKERS);
        Path careCircle = files.careCircle();
        for (String node : NODES) {
            int port = FreePorts.next();
            int metricsPort = FreePorts.next();
            brokerPorts.put(node, port);
            brokerMetricsPorts.put(node, metricsPort);
            configs.put(
                    node,
                    files.clusterBroker(
                            node,
                            port,
                            credentials,
                            careCircle,
                            metricsPort,
                            kafka.bootstrapServers(),
                            PARTITIONS,
                            KAFKA_TIMEOUT));
        }
        List<JavaProcess> started = new ArrayList<>();
        for (String node : NODES) {
            started.add(launch(node, LocalPipeline.BROKER_MAIN));
        }
        for (int i = 0; i < NODES.size(); i++) {
            PipelineProcesses.awaitPort(started.get(i), brokerPort(NODES.get(i)));
        }
    }

    private void startWorkers() {
        for (String id : WORKERS) {
            configs.put(
                    id,
                    files.clusterWorker(
                            id, mqttPort(), influx.url(), FreePorts.next(), kafka.bootstrapServers(), SESSION_TIMEOUT));
        }
        List<JavaProcess> started = new ArrayList<>();
        for (String id : WORKERS) {
            started.add(launch(id, LocalPipeline.WORKER_MAIN));
        }
        started.forEach(ClusterPipeline::awaitJoined);
        awaitSpread();
    }

    /** Until the second worker's join has been rebalanced: both own partitions in both groups. */
    private void awaitSpread() {
        PipelineProcesses.await(
                () -> groups.spreadOver(WORKERS, PARTITIONS),
                () -> "the workers' groups did not spread over " + WORKERS + ": "
                        + groups.partitionsByWorker(KafkaGroups.STORAGE) + ", "
                        + groups.partitionsByWorker(KafkaGroups.ALERTING));
    }

    private static void awaitJoined(JavaProcess worker) {
        PipelineProcesses.awaitLog(worker, " running: Kafka topic ", "worker did not join the Kafka groups");
    }

    private JavaProcess launch(String name, String mainClass) {
        starts.put(name, 1);
        return parts.startJava(
                name, mainClass, List.of("--config", configs.get(name).toString()));
    }

    private JavaProcess relaunch(String name) {
        if (process(name).isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        int n = starts.merge(name, 1, Integer::sum);
        String main = NODES.contains(name) ? LocalPipeline.BROKER_MAIN : LocalPipeline.WORKER_MAIN;
        return parts.startJava(
                name + "-" + n, main, List.of("--config", configs.get(name).toString()));
    }

    @Override
    public void close() {
        parts.close();
    }
}
