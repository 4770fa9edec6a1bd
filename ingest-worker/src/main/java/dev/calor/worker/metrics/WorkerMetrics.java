package dev.calor.worker.metrics;

import dev.calor.worker.sink.WriteListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Every Prometheus metric of the worker, registered in one registry (a fresh one per worker). */
public final class WorkerMetrics implements WriteListener {

    private final PrometheusRegistry registry = new PrometheusRegistry();

    public final Counter messages = Counter.builder()
            .name("calor_worker_messages_total")
            .help("Reading-batch messages taken from the broker, by result (written, dropped)")
            .labelNames("result")
            .register(registry);
    public final Counter dropped = Counter.builder()
            .name("calor_worker_messages_dropped_total")
            .help("Messages acknowledged without writing, by reason")
            .labelNames("reason")
            .register(registry);
    public final Counter readings = Counter.builder()
            .name("calor_worker_readings_total")
            .help("Readings written to InfluxDB, by whether the device was assigned to a patient")
            .labelNames("assigned")
            .register(registry);
    public final Histogram batchPoints = Histogram.builder()
            .name("calor_worker_write_batch_points")
            .help("Points per InfluxDB write request")
            .classicUpperBounds(1, 10, 100, 500, 1000, 2500, 5000, 10000)
            .register(registry);
    public final Histogram writeSeconds = Histogram.builder()
            .name("calor_worker_write_latency_seconds")
            .help("Latency of successful InfluxDB write requests")
            .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .register(registry);
    public final Counter retries = Counter.builder()
            .name("calor_worker_write_retries_total")
            .help("InfluxDB write attempts that failed and were retried, by HTTP status (0 = no response)")
            .labelNames("status")
            .register(registry);
    public final Counter splits = Counter.builder()
            .name("calor_worker_write_splits_total")
            .help("Write batches halved after 413 or to isolate a refused point")
            .register(registry);
    public final Counter deadLettered = Counter.builder()
            .name("calor_worker_points_dead_lettered_total")
            .help("Points InfluxDB refused for good, written to the dead-letter log, by reason")
            .labelNames("reason")
            .register(registry);
    public final Counter alertCommitsFenced = Counter.builder()
            .name("calor_worker_alert_commits_fenced_total")
            .help("Alert-state transactions the Kafka group refused because this worker had lost the partitions")
            .register(registry);
    public final Counter alertFeedRecords = Counter.builder()
            .name("calor_worker_alert_feed_records_total")
            .help("Alert records read from the Kafka alert-events topic for the delivery outbox, by result"
                    + " (queued, duplicate: already in the outbox, dropped: undecodable)")
            .labelNames("result")
            .register(registry);
    public final Gauge alertFeedLag = Gauge.builder()
            .name("calor_worker_alert_feed_lag_records")
            .help("Committed alert records on this worker's alert-events partitions not yet queued for delivery")
            .register(registry);
    public final Gauge lagSeconds = Gauge.builder()
            .name("calor_worker_lag_seconds")
            .help("Worker time minus the sample time of the newest reading acknowledged")
            .register(registry);
    public final Gauge inFlight = Gauge.builder()
            .name("calor_worker_inflight_messages")
            .help("Messages received from the broker and not yet acknowledged")
            .register(registry);
    public final Counter alerts = Counter.builder()
            .name("calor_worker_alerts_total")
            .help("Alerts emitted, by kind and transition")
            .labelNames("kind", "transition")
            .register(registry);
    public final Counter deliveries = Counter.builder()
            .name("calor_worker_alert_deliveries_total")
            .help("Alert delivery attempts, by channel (mqtt, webhook) and result (delivered, failed, abandoned)")
            .labelNames("channel", "result")
            .register(registry);
    public final Gauge deliveriesPending = Gauge.builder()
            .name("calor_worker_alert_deliveries_pending")
            .help("Deliveries waiting in the outbox, by channel queue (mqtt, state, influx, webhook, email)")
            .labelNames("channel")
            .register(registry);
    public final Gauge oldestPendingDelivery = Gauge.builder()
            .name("calor_worker_alert_delivery_oldest_pending_seconds")
            .help("Age of the oldest delivery waiting in a channel's queue (0 when it is empty)")
            .labelNames("channel")
            .register(registry);
    public final Counter acks = Counter.builder()
            .name("calor_worker_episode_acks_total")
            .help("caregivers' episode acknowledgements, by result (accepted or the reason for refusing)")
            .labelNames("result")
            .register(registry);
    private final Counter careCircleRejected = Counter.builder()
            .name("calor_worker_care_circle_reloads_rejected_total")
            .help("Changed care-circle files refused as invalid (the previous version stays in force)")
            .register(registry);
    private long careCircleRejectedSeen;

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Counts the care-circle files refused since the last call, from the watcher's running total. */
    public synchronized void careCircleRejectedReloads(long total) {
        if (total > careCircleRejectedSeen) {
            careCircleRejected.inc(total - careCircleRejectedSeen);
            careCircleRejectedSeen = total;
        }
    }

    @Override
    public void written(int points, long nanos) {
        batchPoints.observe(points);
        writeSeconds.observe(nanos / 1e9);
    }

    @Override
    public void retried(int status) {
        retries.labelValues(String.valueOf(status)).inc();
    }

    @Override
    public void split(int points) {
        splits.inc();
    }

    @Override
    public void deadLettered(String reason) {
        deadLettered.labelValues(reason).inc();
    }
}
