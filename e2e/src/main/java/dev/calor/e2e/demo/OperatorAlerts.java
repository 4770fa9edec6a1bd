package dev.calor.e2e.demo;

import dev.calor.testsupport.PrometheusServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's view of the operator alerts ({@code --observe}): prints each alert when it becomes pending,
 * fires or resolves, and answers which alerts were active during the run.
 */
final class OperatorAlerts {

    private final PrometheusServer prometheus;
    private final DemoConsole console;
    private final Map<String, PrometheusServer.Alert> active = new LinkedHashMap<>();
    private final List<PrometheusServer.Alert> seen = new ArrayList<>();
    private boolean unreachableReported;

    OperatorAlerts(PrometheusServer prometheus, DemoConsole console) {
        this.prometheus = prometheus;
        this.console = console;
    }

    /** Asks Prometheus for the alerts now and prints what changed since the last poll. */
    synchronized void poll() {
        List<PrometheusServer.Alert> now;
        try {
            now = prometheus.alerts();
            unreachableReported = false;
        } catch (RuntimeException e) {
            if (!unreachableReported) {
                unreachableReported = true;
                console.line("prometheus", "does not answer: " + e.getMessage());
            }
            return;
        }
        Map<String, PrometheusServer.Alert> current = new LinkedHashMap<>();
        for (PrometheusServer.Alert alert : now) {
            String key = alert.name() + " " + alert.where();
            current.put(key, alert);
            PrometheusServer.Alert before = active.get(key);
            if (before == null || !before.state().equals(alert.state())) {
                console.line("prometheus", alert.state().toUpperCase(java.util.Locale.ROOT) + " " + key);
                seen.add(alert);
            }
        }
        active.keySet().stream()
                .filter(key -> !current.containsKey(key))
                .forEach(key -> console.line("prometheus", "RESOLVED " + key));
        active.clear();
        active.putAll(current);
    }

    /** Every alert pending or firing within the last {@code window}, as Prometheus recorded it. */
    synchronized List<PrometheusServer.Alert> during(Duration window) {
        List<PrometheusServer.Alert> all = new ArrayList<>(seen);
        try {
            all.addAll(prometheus.alertsWithin(window));
        } catch (RuntimeException e) {
            console.line("prometheus", "cannot list the run's alerts: " + e.getMessage());
        }
        return all;
    }
}
