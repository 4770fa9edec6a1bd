package dev.calor.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus (Debian's {@code prometheus}) on 127.0.0.1 with a free port, its TSDB in a temporary
 * directory, scraping the given jobs with the given rule files loaded. {@link #close()} stops it and
 * deletes the data.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An alert as Prometheus reports it: its name, {@code pending} or {@code firing}, and its labels. */
    public record Alert(String name, String state, Map<String, String> labels) {

        /** The labels that say where, e.g. {@code job=calor-worker instance=127.0.0.1:9400}. */
        public String where() {
            return labels.entrySet().stream()
                    .filter(e -> !e.getKey().equals("alertname")
                            && !e.getKey().equals("alertstate")
                            && !e.getKey().equals("severity"))
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
        }
    }

    private final Path dir;
    private final Path log;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ServerProcess process;

    private PrometheusServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.log = dir.resolve("prometheus.log");
        this.process = new ServerProcess("prometheus", log, START_TIMEOUT, Duration.ofSeconds(15));
    }

    /**
     * Starts Prometheus from PATH (or {@code $PROMETHEUS}) and returns once it is ready.
     *
     * @param configDir where {@code prometheus.yml} is written (kept after close, for the operator to read)
     * @param targets scrape job name to {@code host:port} targets, each scraped on {@code /metrics}
     * @param ruleFiles rule files to load
     */
    public static PrometheusServer start(
            Path configDir, Map<String, List<String>> targets, List<Path> ruleFiles, Duration interval) {
        PrometheusServer server = new PrometheusServer(TempDirs.create("calor-prometheus-"), FreePorts.next());
        try {
            Path config = configDir.resolve("prometheus.yml");
            Files.writeString(config, config(targets, ruleFiles, interval));
            server.launch(config);
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The {@code prometheus.yml} that {@link #start} writes. */
    public static String config(Map<String, List<String>> targets, List<Path> ruleFiles, Duration interval) {
        StringBuilder yaml = new StringBuilder();
        String seconds = interval.toMillis() + "ms";
        yaml.append("global:\n  scrape_interval: ")
                .append(seconds)
                .append("\n  evaluation_interval: ")
                .append(seconds)
                .append("\nrule_files:\n");
        ruleFiles.forEach(f -> yaml.append("  - \"").append(f.toAbsolutePath()).append("\"\n"));
        yaml.append("scrape_configs:\n");
        new TreeMap<>(targets).forEach((job, hosts) -> {
            yaml.append("  - job_name: \"").append(job).append("\"\n    static_configs:\n      - targets: [");
            yaml.append(hosts.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", ")));
            yaml.append("]\n");
        });
        return yaml.toString();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** Alerts pending or firing now. */
    public List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : api("/api/v1/alerts").path("alerts")) {
            alerts.add(new Alert(
                    a.path("labels").path("alertname").asText(), a.path("state").asText(), labels(a)));
        }
        return alerts;
    }

    /**
     * Every alert that was pending or firing at some evaluation within {@code window}, once per alert name,
     * state and labels (from Prometheus' own {@code ALERTS} series).
     */
    public List<Alert> alertsWithin(Duration window) {
        List<Alert> alerts = new ArrayList<>();
        String query = "max_over_time(ALERTS[" + Math.max(1, window.toSeconds()) + "s])";
        for (JsonNode series : query(query)) {
            Map<String, String> labels = new TreeMap<>();
            series.path("metric")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            labels.remove("__name__");
            alerts.add(new Alert(labels.get("alertname"), labels.get("alertstate"), labels));
        }
        return alerts;
    }

    /** The result vector of an instant query. */
    public JsonNode query(String promQl) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8))
                .path("result");
    }

    /** The scrape targets, as {@code job -> health} ("up", "down", "unknown") per target. */
    public Map<String, String> targetHealth() {
        Map<String, String> health = new TreeMap<>();
        for (JsonNode t : api("/api/v1/targets?state=active").path("activeTargets")) {
            health.put(
                    t.path("labels").path("job").asText() + " "
                            + t.path("labels").path("instance").asText(),
                    t.path("health").asText());
        }
        return health;
    }

    /** Names of the rule groups loaded. */
    public List<String> ruleGroups() {
        List<String> groups = new ArrayList<>();
        api("/api/v1/rules")
                .path("groups")
                .forEach(g -> groups.add(g.path("name").asText()));
        return groups;
    }

    private static Map<String, String> labels(JsonNode alert) {
        Map<String, String> labels = new TreeMap<>();
        alert.path("labels")
                .fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private JsonNode api(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url() + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200
                    || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException(
                        "Prometheus " + path + ": " + response.statusCode() + " " + response.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus at " + url() + " does not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean ready() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                                            .timeout(Duration.ofSeconds(1))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch(Path config) {
        String binary = System.getenv().getOrDefault("PROMETHEUS", "prometheus");
        process.start(
                List.of(
                        binary,
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn"),
                this::ready);
        LOG.info("prometheus at {}", url());
    }

    @Override
    public void close() {
        try {
            process.stop();
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }
}
