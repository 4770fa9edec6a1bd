package dev.calor.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import dev.calor.e2e.pipeline.CareAppProcess;
import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PostgresServer;
import dev.calor.testsupport.TempDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -Dcalor.log.format=json}: the broker, the worker, the bridge and the care-app, each its own process with its own
 * logging configuration, write one JSON object per line with time, level, logger, event and the ids the
 * line is about.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JSON_LOGS = List.of("-Xmx256m", "-Dcalor.log.format=json");

    private static Path dir;
    private static final List<AutoCloseable> closeLater = new ArrayList<>();
    private static JavaProcess broker;
    private static int brokerPort;
    private static PipelineFiles files;

    @BeforeAll
    static void startBroker() {
        dir = TempDirs.create("calor-json-logs-");
        files = new PipelineFiles(dir, "calor", 60, "json-secret");
        brokerPort = FreePorts.next();
        Path config = files.broker(brokerPort, files.credentials(), files.careCircle(), FreePorts.next());
        broker = start("broker", LocalPipeline.BROKER_MAIN, "--config", config.toString());
        await().atMost(Duration.ofSeconds(90)).until(() -> listening(brokerPort));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (int i = closeLater.size() - 1; i >= 0; i--) {
                closeLater.get(i).close();
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void theBrokerLogsRefusalsAsEventsWithTheClientAndDeviceIds() {
        var stranger = client("json-stranger");
        stranger.connectWith()
                .simpleAuth()
                .username(PipelineFiles.DEVICE)
                .password("wrong".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .handle((ack, error) -> error)
                .join();
        var device = client(PipelineFiles.DEVICE + "/json");
        device.connectWith()
                .simpleAuth()
                .username(PipelineFiles.DEVICE)
                .password("json-secret".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .join();
        device.publishWith()
                .topic("calor/v1/devices/" + PipelineFiles.DEVICE + "/readings")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(new byte[] {0x08, (byte) 0x96, 0x01, 0x12, (byte) 0xff})
                .send()
                .handle((result, error) -> result)
                .join();
        device.disconnect().join();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lines(broker))
                .anySatisfy(line -> {
                    assertThat(line.path("logger").asText()).startsWith("calor.");
                    assertThat(line.path("event").asText()).isNotBlank().contains("refused");
                    assertThat(line.path("message").asText()).contains("json-stranger");
                })
                .anySatisfy(line -> {
                    assertThat(line.path("event").asText()).isEqualTo("reading-rejected");
                    assertThat(line.path("logger").asText()).isEqualTo("calor.event.reading-rejected");
                    assertThat(line.path("client_id").asText()).isEqualTo(PipelineFiles.DEVICE + "/json");
                    assertThat(line.path("device_id").asText()).isEqualTo(PipelineFiles.DEVICE);
                }));
        assertThat(lines(broker)).allSatisfy(JsonLogsIT::hasTheCommonFields);
        assertThat(lines(broker))
                .filteredOn(l -> !l.path("logger").asText().matches("calor[.](event|audit)[.].+"))
                .allSatisfy(l -> assertThat(l.has("event")).isFalse());
    }

    private static com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient client(String id) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(brokerPort)
                .buildAsync();
    }

    @Test
    void theBridgeLogsItsPatchesLinesWithTheDeviceId() {
        Path config = files.bridge(brokerPort, dir.resolve("no-such-serial-port"), FreePorts.next());
        JavaProcess bridge = start("bridge", LocalPipeline.BRIDGE_MAIN, "--config", config.toString());

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(lines(bridge)).anySatisfy(line -> {
                    assertThat(line.path("message").asText()).startsWith("MQTT connected for patch-0001");
                    assertThat(line.path("device_id").asText()).isEqualTo(PipelineFiles.DEVICE);
                }));
        assertThat(lines(bridge)).allSatisfy(JsonLogsIT::hasTheCommonFields);
    }

    @Test
    void theWorkerLogsJsonLinesFromStartToRunning() {
        InfluxServer influx = InfluxServer.start();
        closeLater.add(influx);
        influx.createDatabase("calor");
        Path config = files.worker(brokerPort, influx.url(), files.careCircle(), 0);
        JavaProcess worker = start("worker", LocalPipeline.WORKER_MAIN, "--config", config.toString());

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(lines(worker)).anySatisfy(line -> {
                    assertThat(line.path("logger").asText()).startsWith("dev.calor.worker");
                    assertThat(line.path("message").asText()).contains("running: shards");
                }));
        assertThat(lines(worker)).allSatisfy(JsonLogsIT::hasTheCommonFields);
    }

    @Test
    void theCareAppLogsJsonLinesWithItsEvents() throws IOException {
        PostgresServer postgres = PostgresServer.start();
        closeLater.add(postgres);
        Path config = java.nio.file.Files.writeString(
                dir.resolve("app.yaml"),
                """
                http: {host: 127.0.0.1, port: 0}
                database: {url: "%s"}
                registry: {export-file: %s}
                tokens: {jwks-file: %s}
                mqtt: {host: 127.0.0.1, port: %d}
                metrics: {port: 0}
                """
                        .formatted(
                                postgres.newDatabase(),
                                dir.resolve("app-care-circle.json"),
                                dir.resolve("app-jwks.json"),
                                brokerPort));
        JavaProcess app = start("app", CareAppProcess.APP_MAIN, "--config", config.toString());

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(appLines(app)).anySatisfy(line -> {
                    assertThat(line.path("logger").asText()).isEqualTo("calor.event.registry-exported");
                    assertThat(line.path("event").asText()).isEqualTo("registry-exported");
                    assertThat(line.path("message").asText()).contains("registry version");
                }));
        assertThat(appLines(app)).allSatisfy(JsonLogsIT::hasTheCommonFields);
    }

    /** The app's log lines; its one line of command-line output (where it listens) is not a log line. */
    private static List<JsonNode> appLines(JavaProcess app) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : app.log()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("care-app listening on"))
                .toList()) {
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
        }
        return lines;
    }

    private static void hasTheCommonFields(JsonNode line) {
        assertThat(line.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(line.path("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
        assertThat(line.path("logger").asText()).isNotBlank();
        assertThat(line.has("message")).isTrue();
    }

    /** Every line a process wrote, each parsed as one JSON object (fails on a line that is not). */
    private static List<JsonNode> lines(JavaProcess process) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : process.log().lines().filter(l -> !l.isBlank()).toList()) {
            try {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                lines.add(node);
            } catch (IOException e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
        }
        return lines;
    }

    private static JavaProcess start(String name, String main, String... args) {
        JavaProcess process = JavaProcess.start(JSON_LOGS, main, List.of(args), Map.of(), dir.resolve(name + ".log"));
        closeLater.add(process);
        return process;
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
