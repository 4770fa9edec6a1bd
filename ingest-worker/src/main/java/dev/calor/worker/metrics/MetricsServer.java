package dev.calor.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Prometheus /metrics and a JSON /health (200 when healthy, 503 when degraded) on 127.0.0.1. */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** @param port 0 picks a free port */
    public static MetricsServer start(String host, int port, WorkerMetrics metrics, HealthState health)
            throws IOException {
        HTTPServer s = HTTPServer.builder()
                .hostname(host)
                .port(port)
                .registry(metrics.registry())
                .defaultHandler(ex -> health(ex, health))
                .buildAndStart();
        return new MetricsServer(s);
    }

    public int port() {
        return server.getPort();
    }

    private static void health(HttpExchange ex, HealthState health) throws IOException {
        boolean isHealth = ex.getRequestURI().getPath().equals("/health");
        byte[] body =
                (isHealth ? health.json() : "{\"see\":[\"/metrics\",\"/health\"]}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(isHealth ? (health.healthy() ? 200 : 503) : 404, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
