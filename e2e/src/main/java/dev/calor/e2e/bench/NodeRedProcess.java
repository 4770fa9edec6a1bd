package dev.calor.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Node-RED process running the baseline's flow (mqtt in, QoS 1, JSON → a function shaping the worker's points
 * → {@code influxdb batch}, InfluxDB 1.x), with its log in its user folder. The log is the evidence of what it
 * dropped: {@code node-red-contrib-influxdb} reports every write InfluxDB or its client refused as a node error
 * and does not retry it, so each such line is one MQTT message (one batch of readings) gone.
 */
final class NodeRedProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern WRITE_ERROR = Pattern.compile("\\[error\\] \\[influxdb batch:[^\\]]*\\] (.*)$");

    private final Process process;
    private final Path log;

    private NodeRedProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts Node-RED from {@code home} with its user folder {@code dir}; returns once its HTTP port answers. */
    static NodeRedProcess start(Path home, Path dir, String database, int mqttPort, int influxPort)
            throws InterruptedException {
        try {
            Files.createDirectories(dir);
            Path flow = Files.writeString(
                    dir.resolve("flows.json"), flow(mqttPort, influxPort, database), StandardCharsets.UTF_8);
            int port = dev.calor.testsupport.FreePorts.next();
            String node = System.getenv().getOrDefault(NodeRedBaseline.NODE_ENV, "node");
            Path log = dir.resolve("node-red.log");
            Process process = new ProcessBuilder(List.of(
                            node,
                            home.resolve("node_modules/node-red/red.js").toString(),
                            "--userDir",
                            dir.toString(),
                            "--port",
                            Integer.toString(port),
                            flow.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            NodeRedProcess nodeRed = new NodeRedProcess(process, log);
            try {
                nodeRed.awaitPort(port);
            } catch (RuntimeException | InterruptedException e) {
                nodeRed.close();
                throw e;
            }
            return nodeRed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The writes the influxdb batch node reported as failed so far, by error message. */
    Map<String, Long> writeErrors() {
        try {
            return writeErrors(Files.readAllLines(log, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return Map.of();
        }
    }

    static Map<String, Long> writeErrors(List<String> logLines) {
        Map<String, Long> errors = new TreeMap<>();
        for (String line : logLines) {
            Matcher m = WRITE_ERROR.matcher(line);
            if (m.find()) {
                errors.merge(m.group(1).trim(), 1L, Long::sum);
            }
        }
        return errors;
    }

    private void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Node-RED exited at start, see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("Node-RED did not listen within " + START_TIMEOUT);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The flow: mqtt in (JSON, QoS 1) → points shaped as the worker writes them → influxdb batch (1.x). */
    static String flow(int mqttPort, int influxPort, String database) {
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
                .formatted(mqttPort, influxPort, database, toPoints.replace("\"", "\\\""));
    }
}
