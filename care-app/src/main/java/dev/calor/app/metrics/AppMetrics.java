package dev.calor.app.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;

/** Every Prometheus metric of one care-app instance, in one registry (a fresh one per instance). */
public final class AppMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();

    public final Counter requests = Counter.builder()
            .name("calor_app_http_requests_total")
            .help(
                    "HTTP requests answered, by method, route (the API path template, 'static' or 'unmatched') and status")
            .labelNames("method", "route", "status")
            .register(registry);
    public final Histogram requestSeconds = Histogram.builder()
            .name("calor_app_http_request_duration_seconds")
            .help("Time to answer an HTTP request (a live stream counts until it closes), by method and route")
            .labelNames("method", "route")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
            .register(registry);
    public final Counter logins = Counter.builder()
            .name("calor_app_logins_total")
            .help("Sign-in attempts, by result (ok, refused, throttled)")
            .labelNames("result")
            .register(registry);
    public final Counter throttled = Counter.builder()
            .name("calor_app_throttled_total")
            .help("Requests refused with 429 by a rate limit shared by every instance, by limit")
            .labelNames("limit")
            .register(registry);
    public final Counter invitations = Counter.builder()
            .name("calor_app_invitations_total")
            .help("Invitations created, by how the code reached the invitee (sent by e-mail, e-mail failed,"
                    + " not-configured: no SMTP server, none: no address given)")
            .labelNames("email")
            .register(registry);
    public final Counter registryExports = Counter.builder()
            .name("calor_app_registry_exports_total")
            .help("Care-circle registry exports to the broker's and worker's file, by result (written, failed)")
            .labelNames("result")
            .register(registry);
    public final Histogram registryExportSeconds = Histogram.builder()
            .name("calor_app_registry_export_duration_seconds")
            .help("Time from reading the registry snapshot to the renamed file")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
            .register(registry);

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Open live streams (SSE) on this instance, read at each scrape. */
    public void liveSubscribers(IntSupplier count) {
        GaugeWithCallback.builder()
                .name("calor_app_live_subscribers")
                .help("Open live streams (Server-Sent Events) on this instance")
                .callback(cb -> cb.call(count.getAsInt()))
                .register(registry);
    }
}
