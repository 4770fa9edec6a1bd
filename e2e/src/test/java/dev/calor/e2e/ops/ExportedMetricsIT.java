package dev.calor.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.calor.app.metrics.AppMetrics;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.e2e.pipeline.CareAppProcess;
import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.edgebridge.metrics.BridgeMetrics;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.scenario.ScenarioLoader;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.PrometheusServer;
import dev.calor.testsupport.PtyPair;
import dev.calor.testsupport.TempDirs;
import dev.calor.worker.metrics.WorkerMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * What Calor's servers really export, scraped from a running pipeline (broker, worker, bridge, care-app, each
 * its own process, a patch on a real pty): every {@code /metrics} passes {@code promtool check metrics}, every metric
 * the operator rules and the dashboard read is exported, and a real Prometheus with the rules loaded scrapes
 * them all and raises {@code CalorProcessDown} when a component dies.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportedMetricsIT {

    private static final String SECRET = "metrics-secret";

    private static Path dir;
    private static LocalPipeline pipeline;
    private static PrometheusServer prometheus;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startPipelineAndPrometheus() throws Exception {
        dir = TempDirs.create("calor-metrics-");
        pipeline = LocalPipeline.start(new PipelineFiles(dir, "calor", 60, SECRET), null);
        PtyPair pty = pipeline.own(PtyPair.open(dir));
        pipeline.startBridge(pty.bridgeSide());
        try (SerialPatchRunner patch = new SerialPatchRunner(
                ScenarioLoader.read(resource("scenarios/spine.yaml")),
                pty.patchSide(),
                Clock.systemUTC(),
                new PatchListener() {},
                null)) {
            patch.start();
            patch.done().get(120, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.storedReadings(PipelineFiles.DEVICE) >= 20);
        refusedConnectAndPublish();
        CareAppProcess.start(pipeline);
        pipeline.awaitScrapeTargets();
        prometheus = pipeline.own(
                PrometheusServer.start(dir, pipeline.scrapeTargets(), List.of(OpsFiles.RULES), Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            Path target = Files.createDirectories(Path.of("target", "pipeline-logs", "exported-metrics"));
            try (var logs = Files.list(dir)) {
                for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    @Order(1)
    void everyServersMetricsPassPromtoolCheckMetrics() throws Exception {
        Map<String, String> scrapes = scrapes();
        assertThat(scrapes).hasSize(4);
        for (Map.Entry<String, String> scrape : scrapes.entrySet()) {
            Path file = dir.resolve(scrape.getKey().replace(':', '_') + ".prom");
            Files.writeString(file, scrape.getValue());

            Promtool.Result result = Promtool.run(dir, file.toFile(), "check", "metrics");

            assertThat(result.output())
                    .as("promtool check metrics on " + scrape.getKey())
                    .isEmpty();
            assertThat(result.exitCode()).as(scrape.getKey()).isZero();
        }
    }

    @Test
    @Order(2)
    void everyMetricTheRulesAndTheDashboardReadIsOneTheServersExport() throws Exception {
        Set<String> exported = new TreeSet<>();
        scrapes().values().forEach(text -> exported.addAll(sampleNames(text)));
        // labelled series appear in a scrape only once used: the registries know them all
        exported.addAll(registered(new BrokerMetrics().registry()));
        exported.addAll(registered(new WorkerMetrics().registry()));
        exported.addAll(registered(new BridgeMetrics().registry()));
        AppMetrics app = new AppMetrics();
        app.liveSubscribers(() -> 0);
        exported.addAll(registered(app.registry()));
        assertThat(exported)
                .contains("calor_bridge_buffer_depth", "calor_broker_connects_total", "calor_app_http_requests_total");

        Set<String> read = new TreeSet<>();
        OpsFiles.ruleExpressions().forEach(e -> read.addAll(OpsFiles.calorMetrics(e)));
        OpsFiles.dashboardExpressions().forEach(e -> read.addAll(OpsFiles.calorMetrics(e)));

        assertThat(exported).containsAll(read);
    }

    @Test
    @Order(3)
    void prometheusScrapesEveryComponentEvaluatesTheRulesAndRaisesProcessDownWhenTheBridgeDies() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus.targetHealth())
                .hasSize(4)
                .allSatisfy((target, health) -> assertThat(health).as(target).isEqualTo("up")));
        assertThat(prometheus.ruleGroups()).contains("calor-recording", "calor-alerts");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        prometheus.query("calor:broker_connects:rate5m{outcome=\"bad-credentials\"}"))
                .isNotEmpty());
        assertThat(prometheus.alerts()).extracting(PrometheusServer.Alert::name).doesNotContain("CalorProcessDown");

        pipeline.processes().get("bridge").kill9();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(prometheus.alerts()).anySatisfy(a -> {
                    assertThat(a.name()).isEqualTo("CalorProcessDown");
                    assertThat(a.labels()).containsEntry("job", "calor-bridge");
                    assertThat(a.state()).isIn("pending", "firing");
                }));
    }

    /** A CONNECT with a wrong password and a publish the broker refuses, so their labelled series exist. */
    private static void refusedConnectAndPublish() {
        Mqtt5AsyncClient stranger = client("metrics-stranger");
        assertThatThrownBy(() -> stranger.connectWith()
                        .simpleAuth()
                        .username(PipelineFiles.DEVICE)
                        .password("wrong".getBytes(StandardCharsets.UTF_8))
                        .applySimpleAuth()
                        .send()
                        .join())
                .hasMessageContaining("BAD_USER_NAME_OR_PASSWORD");
        Mqtt5AsyncClient device = client(PipelineFiles.DEVICE + "/metrics");
        device.connectWith()
                .simpleAuth()
                .username(PipelineFiles.DEVICE)
                .password(SECRET.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .join();
        device.publishWith()
                .topic("calor/v1/devices/" + PipelineFiles.DEVICE + "/readings")
                .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                .payload(new byte[] {0x08, (byte) 0x96, 0x01, 0x12, (byte) 0xff})
                .send()
                .handle((r, e) -> r)
                .join();
        device.disconnect().join();
    }

    private static Mqtt5AsyncClient client(String id) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(pipeline.brokerPort())
                .buildAsync();
    }

    private static Map<String, String> scrapes() throws Exception {
        Map<String, String> scrapes = new LinkedHashMap<>();
        for (List<String> targets : pipeline.scrapeTargets().values()) {
            for (String target : targets) {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://" + target + "/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(target).isEqualTo(200);
                scrapes.put(target, response.body());
            }
        }
        return scrapes;
    }

    /** The series names of a Prometheus text exposition ({@code _bucket}, {@code _count}… included). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    /** The series names every metric of a registry exports once it has data. */
    static Set<String> registered(PrometheusRegistry registry) {
        Set<String> names = new TreeSet<>();
        for (MetricSnapshot snapshot : registry.scrape()) {
            String name = snapshot.getMetadata().getPrometheusName();
            if (snapshot instanceof CounterSnapshot) {
                names.add(name + "_total");
            } else if (snapshot instanceof HistogramSnapshot) {
                names.addAll(List.of(name + "_bucket", name + "_count", name + "_sum"));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private static Path resource(String name) throws Exception {
        return Path.of(
                ExportedMetricsIT.class.getClassLoader().getResource(name).toURI());
    }
}
