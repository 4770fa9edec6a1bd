package dev.calor.app.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calor.app.CareAppException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the worker's InfluxDB series over the v1 {@code /query} API (InfluxQL, epoch nanoseconds). Every
 * value interpolated into a query is a validated id or a number, never free text.
 */
public final class InfluxReader {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String url;
    private final String database;
    private final String username;
    private final String password;

    public InfluxReader(String url, String database, String username, String password) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.database = database;
        this.username = username;
        this.password = password;
    }

    /** Rows of every series of the first statement, tags included: column name to value ("time" in ns). */
    public List<Map<String, JsonNode>> rows(String influxQl) {
        StringBuilder q = new StringBuilder(url)
                .append("/query?epoch=ns&db=")
                .append(enc(database))
                .append("&q=")
                .append(enc(influxQl));
        if (username != null && !username.isEmpty()) {
            q.append("&u=").append(enc(username)).append("&p=").append(enc(password));
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(q.toString()))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warn("InfluxDB at {} unreachable: {}", url, e.getMessage());
            throw CareAppException.unavailable("temperature history is not available right now");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CareAppException.unavailable("interrupted");
        }
        if (response.statusCode() != 200) {
            LOG.warn("InfluxDB query failed ({}): {}", response.statusCode(), response.body());
            throw CareAppException.unavailable("temperature history is not available right now");
        }
        List<Map<String, JsonNode>> out = new ArrayList<>();
        try {
            JsonNode result = JSON.readTree(response.body()).path("results").path(0);
            if (result.has("error")) {
                LOG.warn("InfluxDB query error: {}", result.get("error").asText());
                throw CareAppException.unavailable("temperature history is not available right now");
            }
            for (JsonNode series : result.path("series")) {
                JsonNode columns = series.path("columns");
                Map<String, JsonNode> tags = new HashMap<>();
                series.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue()));
                for (JsonNode values : series.path("values")) {
                    Map<String, JsonNode> row = new HashMap<>(tags);
                    for (int i = 0; i < columns.size(); i++) {
                        if (!values.get(i).isNull()) {
                            row.put(columns.get(i).asText(), values.get(i));
                        }
                    }
                    out.add(row);
                }
            }
        } catch (IOException e) {
            throw CareAppException.unavailable("unreadable answer from InfluxDB");
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
