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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The InfluxDB 1.x HTTP API (/ping, /write, /query) as tests and the demo use it to check what was stored. */
public final class InfluxHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public InfluxHttp(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String url() {
        return url;
    }

    public boolean ping() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url + "/ping"))
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

    public void createDatabase(String db) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + encode("CREATE DATABASE \"" + db + "\"")))
                .build());
        if (response.statusCode() / 100 != 2 || response.body().contains("\"error\"")) {
            throw new IllegalStateException("CREATE DATABASE failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** Writes line protocol with nanosecond timestamps. */
    public void write(String db, String lineProtocolNs) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(url + "/write?precision=n&db=" + encode(db)))
                        .POST(HttpRequest.BodyPublishers.ofString(lineProtocolNs))
                        .build());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("write failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** Every row of every series of every statement; keys are the columns plus the series tags. */
    public List<Map<String, Object>> rows(String db, String influxQl) {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(URI.create(url + "/query?epoch=ns&db=" + encode(db) + "&q=" + encode(influxQl)))
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

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("InfluxDB at " + url + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
