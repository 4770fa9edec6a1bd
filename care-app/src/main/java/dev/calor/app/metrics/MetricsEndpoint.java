package dev.calor.app.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code /metrics} in the Prometheus text format on a listener of its own (loopback by default), so the
 * public API port never exposes operational data.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /** @param port 0 picks a free port */
    public static MetricsEndpoint start(String host, int port, AppMetrics metrics) {
        try {
            return new MetricsEndpoint(HTTPServer.builder()
                    .hostname(host)
                    .port(port)
                    .registry(metrics.registry())
                    .buildAndStart());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve /metrics on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
