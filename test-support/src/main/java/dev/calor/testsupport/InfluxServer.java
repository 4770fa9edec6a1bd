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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real InfluxDB 1.x server (Debian's {@code influxd}) on 127.0.0.1 with free ports and its data in a
 * temporary directory. {@link #close()} stops it and deletes the data, also after a failed test.
 */
public final class InfluxServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path config;
    private final int httpPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private InfluxServer(Path dir, int httpPort) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.config = dir.resolve("influxdb.conf");
    }

    /** Starts influxd from PATH (or {@code $INFLUXD}); fails with a clear message when it is missing. */
    public static InfluxServer start() {
        Path dir = TempDirs.create("calor-influx-");
        InfluxServer server = new InfluxServer(dir, FreePorts.next());
        try {
            server.writeConfig(FreePorts.next());
            server.launch();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path dataDir() {
        return dir;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public void createDatabase(String db) {
        post("/query", "q=" + encode("CREATE DATABASE \"" + db + "\""));
    }

    /** Writes line protocol with nanosecond timestamps. */
    public void write(String db, String lineProtocolNs) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(url() + "/write?precision=n&db=" + encode(db)))
                        .POST(HttpRequest.BodyPublishers.ofString(lineProtocolNs))
                        .build());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("write failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** Every row of every series of every statement; keys are the columns plus the series tags. */
    public List<Map<String, Object>> rows(String db, String influxQl) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(url() + "/query?epoch=ns&db=" + encode(db) + "&q=" + encode(influxQl)))
                .GET()
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("query failed: " + response.statusCode() + " " + response.body());
        }
        try {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode result : JSON.readTree(response.body()).path("results")) {
                if (result.has("error")) {
                    throw new IllegalStateException(
                            "query error: " + result.get("error").asText());
                }
                for (JsonNode series : result.path("series")) {
                    List<String> columns = new ArrayList<>();
                    series.path("columns").forEach(c -> columns.add(c.asText()));
                    for (JsonNode values : series.path("values")) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        series.path("tags")
                                .fields()
                                .forEachRemaining(
                                        t -> row.put(t.getKey(), t.getValue().asText()));
                        for (int i = 0; i < columns.size(); i++) {
                            row.put(columns.get(i), JSON.treeToValue(values.get(i), Object.class));
                        }
                        rows.add(row);
                    }
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first numeric value of the first row (e.g. of a COUNT query), 0 when there is no row. */
    public long count(String db, String influxQl) {
        for (Map<String, Object> row : rows(db, influxQl)) {
            for (Map.Entry<String, Object> cell : row.entrySet()) {
                if (!cell.getKey().equals("time") && cell.getValue() instanceof Number number) {
                    return number.longValue();
                }
            }
        }
        return 0;
    }

    /** Stops the server, keeping its data and port, e.g. to test an outage. */
    public void stop() {
        ChildProcesses.stop(process, Duration.ofSeconds(15));
        process = null;
    }

    /** Starts it again on the same port with the same data. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private void launch() {
        String binary = System.getenv().getOrDefault("INFLUXD", "influxd");
        process = ChildProcesses.start(List.of(binary, "-config", config.toString()), dir.resolve("influxd.log"), null);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd exited at start: " + tail(dir.resolve("influxd.log")));
            }
            if (ping()) {
                LOG.info("influxd {} started at {}", process.pid(), url());
                return;
            }
            pause();
        }
        throw new IllegalStateException("influxd did not answer /ping within " + START_TIMEOUT);
    }

    private boolean ping() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url() + "/ping"))
                                            .timeout(Duration.ofSeconds(1))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void writeConfig(int rpcPort) {
        String toml =
                """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"

                [meta]
                  dir = "%s/meta"

                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false
                  trace-logging-enabled = false

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  log-enabled = false
                  max-body-size = 0

                [monitor]
                  store-enabled = false

                [continuous_queries]
                  enabled = true
                  log-enabled = false
                  run-interval = "1s"
                """
                        .formatted(rpcPort, dir, dir, dir, httpPort);
        try {
            Files.writeString(config, toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> post(String path, String form) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        if (response.statusCode() / 100 != 2 || response.body().contains("\"error\"")) {
            throw new IllegalStateException(path + " failed: " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("influxd at " + url() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
