package dev.calor.e2e.bench;

import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The pipeline a small team might wire instead: Node-RED ({@code node-red} and {@code
 * node-red-contrib-influxdb} from npm, installed by {@code ./calor bench} into {@code CALOR_NODE_RED_HOME})
 * with one flow, MQTT in (QoS 1, JSON) on Mosquitto with persistence → a function shaping the worker's
 * points → InfluxDB batch, under the baselines' fleet load with JSON payloads. It does less than Calor:
 * no authentication or per-device authorization, no validation, no alerting, and it acknowledges a message
 * to Mosquitto on receipt, before InfluxDB accepted the points (a crash loses what it held).
 *
 * @param readingsAcknowledged readings Mosquitto acknowledged to the publishers
 * @param readingsStored readings queryable in InfluxDB afterwards
 * @param seconds publishing time plus the time until the last was queryable
 * @param cpuSeconds CPU of Node-RED, Mosquitto and influxd over the run
 */
record NodeRedBaseline(long readingsAcknowledged, long readingsStored, double seconds, double cpuSeconds) {

    static final String HOME_ENV = "CALOR_NODE_RED_HOME";
    static final String NODE_ENV = "CALOR_NODE";
    private static final String DATABASE = "calor_nodered";
    private static final String PREFIX = "nodered-";
    /** Not matched by {@link #PREFIX}'s count. */
    private static final String WARM_UP_PREFIX = "noderedwarm-";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** Where the launcher installed Node-RED (and a Node.js it runs on), or null when it did not. */
    static Path home() {
        String home = System.getenv(HOME_ENV);
        if (home == null || !Files.isRegularFile(Path.of(home, "node_modules", "node-red", "red.js"))) {
            return null;
        }
        return Path.of(home);
    }

    static NodeRedBaseline measure(BenchPlan plan, Path home) throws InterruptedException {
        Path dir = TempDirs.create("calor-nodered-");
        try (InfluxServer influx = InfluxServer.start();
                MosquittoServer mosquitto = MosquittoServer.start(true)) {
            influx.createDatabase(DATABASE);
            int port = FreePorts.next();
            Path flow = Files.writeString(
                    dir.resolve("flows.json"), flow(mosquitto.port(), influx.httpPort()), StandardCharsets.UTF_8);
            String node = System.getenv().getOrDefault(NODE_ENV, "node");
            Process nodeRed = new ProcessBuilder(List.of(
                            node,
                            home.resolve("node_modules/node-red/red.js").toString(),
                            "--userDir",
                            dir.toString(),
                            "--port",
                            Integer.toString(port),
                            flow.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node-red.log").toFile())
                    .start();
            try {
                awaitPort(nodeRed, port, dir);
                // the flow subscribes once the broker connection is up: the first reading must arrive
                awaitFlowRunning(mosquitto.port(), influx);
                long[] pids = {nodeRed.pid(), mosquitto.pid(), Processes.childNamed("influxd")};
                double cpuBefore = cpu(pids);
                long t0 = System.nanoTime();
                long acknowledged = JsonPublisher.run(plan, mosquitto.port(), PREFIX);
                StoredReadings.Outcome stored =
                        StoredReadings.await(() -> stored(influx, PREFIX), acknowledged, plan.settleTimeout());
                return new NodeRedBaseline(
                        acknowledged, stored.stored(), (stored.reachedAtNanos() - t0) / 1e9, cpu(pids) - cpuBefore);
            } finally {
                nodeRed.destroy();
                if (!nodeRed.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    nodeRed.destroyForcibly();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private static long stored(InfluxServer influx, String prefix) {
        return influx.http().count(DATABASE, InfluxSchema.countByPrefix(prefix));
    }

    private static void awaitFlowRunning(int mqttPort, InfluxServer influx) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (stored(influx, WARM_UP_PREFIX) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Node-RED flow stored nothing within " + START_TIMEOUT);
            }
            JsonPublisher.run(1, Duration.ofMillis(200), 1, mqttPort, WARM_UP_PREFIX);
            Thread.sleep(500);
        }
    }

    private static double cpu(long[] pids) {
        double sum = 0;
        for (long pid : pids) {
            sum += Processes.cpuSeconds(pid);
        }
        return sum;
    }

    private static void awaitPort(Process process, int port, Path dir) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Node-RED exited at start, see " + dir.resolve("node-red.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Node-RED did not listen within " + START_TIMEOUT);
    }

    double readingsPerSecond() {
        return readingsStored / seconds;
    }

    void addTo(BenchResults results) {
        results.sampled(
                "baselines.node_red.readings_per_s",
                "node_red: readings queryable per second",
                readingsPerSecond(),
                "rdg/s",
                readingsStored);
        results.figure(
                "baselines.node_red.readings_acknowledged",
                "node_red: readings acknowledged",
                readingsAcknowledged,
                "");
        results.figure("baselines.node_red.readings_stored", "node_red: readings stored", readingsStored, "");
        results.sampled(
                "baselines.node_red.lost",
                "node_red: readings lost",
                Math.max(0, readingsAcknowledged - readingsStored),
                "",
                readingsAcknowledged);
        if (readingsStored < readingsAcknowledged) {
            results.note("baselines: Node-RED stored " + readingsStored + " of " + readingsAcknowledged
                    + " readings Mosquitto acknowledged (it acknowledges on receipt, before InfluxDB accepted them)");
        }
        results.figure("baselines.node_red.cpu_s", "node_red: CPU of Node-RED, Mosquitto and influxd", cpuSeconds, "s");
        results.sampled(
                "baselines.node_red.cpu_us_per_reading",
                "node_red: CPU per reading",
                cpuSeconds * 1e6 / readingsStored,
                "µs",
                readingsStored);
        results.sampled(
                "baselines.node_red.readings_per_cpu_s",
                "node_red: readings per CPU-second",
                readingsStored / cpuSeconds,
                "rdg/CPU-s",
                readingsStored);
    }

    /** The flow: mqtt in (JSON, QoS 1) → points shaped as the worker writes them → influxdb batch (1.x). */
    static String flow(int mqttPort, int influxPort) {
        String toPoints = String.join(
                "\\n",
                "const b = msg.payload;",
                "msg.payload = (b.readings || []).map(r => ({",
                "  measurement: 'body_temperature',",
                "  tags: { device_id: b.deviceId, site: (r.site || 'MEASUREMENT_SITE_SKIN').replace('MEASUREMENT_SITE_', '').toLowerCase() },",
                "  fields: { seq: r.sequence || 0, boot_epoch: r.bootEpoch || 0, quality_flags: r.qualityFlags || 0,"
                        + " celsius: r.temperatureCelsius },",
                "  timestamp: String(r.sampleTimeUnixNs)",
                "}));",
                "return msg;");
        return """
                [
                  {"id": "broker", "type": "mqtt-broker", "name": "mosquitto", "broker": "127.0.0.1", "port": "%d",
                   "clientid": "node-red-baseline", "protocolVersion": "4", "keepalive": "60", "cleansession": false},
                  {"id": "influx", "type": "influxdb", "hostname": "127.0.0.1", "port": "%d", "protocol": "http",
                   "database": "%s", "name": "influxd", "usetls": false, "influxdbVersion": "1.x"},
                  {"id": "flow", "type": "tab", "label": "calor baseline"},
                  {"id": "in", "type": "mqtt in", "z": "flow", "topic": "calor/v1/devices/+/readings", "qos": "1",
                   "datatype": "json", "broker": "broker", "nl": false, "rap": false, "inputs": 0, "wires": [["shape"]]},
                  {"id": "shape", "type": "function", "z": "flow", "name": "to points", "func": "%s", "outputs": 1,
                   "wires": [["out"]]},
                  {"id": "out", "type": "influxdb batch", "z": "flow", "influxdb": "influx", "precision": "ns",
                   "retentionPolicy": "", "name": "influxdb batch", "wires": []}
                ]
                """
                .formatted(mqttPort, influxPort, DATABASE, toPoints.replace("\"", "\\\""));
    }
}
