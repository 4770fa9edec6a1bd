package dev.calor.edgebridge.metrics;

import dev.calor.edgebridge.buffer.BufferListener;
import dev.calor.edgebridge.buffer.EvictionReason;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.edgebridge.status.StatusBoard;
import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.RejectReason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The bridge's Prometheus metrics, in a registry of their own (several bridges may share a test JVM).
 * Every drop has a counter here.
 */
public final class BridgeMetrics implements BufferListener {

    private final PrometheusRegistry registry = new PrometheusRegistry();

    private final Counter received = Counter.builder()
            .name("calor_bridge_readings_received_total")
            .help("Measurements decoded from patches, duplicates included")
            .labelNames("device")
            .register(registry);
    private final Counter stored = Counter.builder()
            .name("calor_bridge_readings_stored_total")
            .help("Readings committed to the durable buffer")
            .labelNames("device")
            .register(registry);
    private final Counter duplicates = Counter.builder()
            .name("calor_bridge_readings_duplicate_total")
            .help("Readings received again (same device, boot epoch, sequence); stored once")
            .labelNames("device")
            .register(registry);
    private final Counter evicted = Counter.builder()
            .name("calor_bridge_readings_evicted_total")
            .help("Readings that left or were kept out of the buffer without being forwarded, by reason")
            .labelNames("device", "reason")
            .register(registry);
    private final Counter missing = Counter.builder()
            .name("calor_bridge_readings_missing_total")
            .help("Readings never received: a hole in a patch's sequence not filled within the gap timeout")
            .labelNames("device")
            .register(registry);
    private final Counter rejected = Counter.builder()
            .name("calor_bridge_frames_rejected_total")
            .help("Frames or payloads received from a patch and dropped, by reason")
            .labelNames("device", "reason")
            .register(registry);
    private final Counter published = Counter.builder()
            .name("calor_bridge_readings_published_total")
            .help("Readings the broker acknowledged with a success PUBACK")
            .labelNames("device")
            .register(registry);
    private final Counter batches = Counter.builder()
            .name("calor_bridge_batches_published_total")
            .help("Batches the broker acknowledged with a success PUBACK")
            .labelNames("device")
            .register(registry);
    private final Counter quarantined = Counter.builder()
            .name("calor_bridge_batches_quarantined_total")
            .help("Batches the broker refused (PUBACK reason code >= 0x80), moved to quarantine")
            .labelNames("device", "reason_code")
            .register(registry);
    private final Counter quarantinedReadings = Counter.builder()
            .name("calor_bridge_readings_quarantined_total")
            .help("Readings in batches the broker refused")
            .labelNames("device")
            .register(registry);
    private final Counter throttled = Counter.builder()
            .name("calor_bridge_batches_refused_transient_total")
            .help(
                    "Batches the broker refused with a transient reason code (0x10, 0x97, 0x87, 0x80, 0x83, batch-level 0x99); kept and resent")
            .labelNames("device", "reason_code")
            .register(registry);
    private final Counter quarantinePurged = Counter.builder()
            .name("calor_bridge_quarantine_purged_total")
            .help("Quarantined batches deleted because the quarantine was full")
            .register(registry);
    private final Counter publishFailures = Counter.builder()
            .name("calor_bridge_publish_failures_total")
            .help("Batches whose publish failed without a PUBACK (connection lost); they stay buffered and are resent")
            .labelNames("device")
            .register(registry);
    private final Counter reconnects = Counter.builder()
            .name("calor_bridge_mqtt_connects_total")
            .help("Successful MQTT connections per patch identity")
            .labelNames("device")
            .register(registry);
    private final Gauge mqttConnected = Gauge.builder()
            .name("calor_bridge_mqtt_connected")
            .help("1 while the patch's MQTT connection is up")
            .labelNames("device")
            .register(registry);
    private final Histogram publishLatency = Histogram.builder()
            .name("calor_bridge_publish_latency_seconds")
            .help("From sending a batch to its PUBACK")
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .classicOnly()
            .register(registry);
    private final Histogram deliveryDelay = Histogram.builder()
            .name("calor_bridge_delivery_delay_seconds")
            .help("From storing a reading to the broker's PUBACK for it (oldest reading of each batch)")
            .classicUpperBounds(0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86400)
            .classicOnly()
            .register(registry);

    private final Counter isolating = Counter.builder()
            .name("calor_bridge_batches_split_total")
            .help("Refused batches split in halves and resent, to isolate the refused readings (bisection)")
            .labelNames("device", "reason_code")
            .register(registry);
    private final Counter breakerTrips = Counter.builder()
            .name("calor_bridge_refusal_breaker_trips_total")
            .help("Times a burst of refusals paused a patch's drain (circuit breaker)")
            .labelNames("device")
            .register(registry);
    private final Counter writeFailures = Counter.builder()
            .name("calor_bridge_buffer_write_failures_total")
            .help("Buffer write transactions that failed (disk full, I/O error); their readings were not acknowledged")
            .register(registry);
    private final Counter corruptFiles = Counter.builder()
            .name("calor_bridge_buffer_corrupt_files_total")
            .help("Buffer files that failed the integrity check at start and were moved aside")
            .register(registry);
    private final Counter clockJumps = Counter.builder()
            .name("calor_bridge_clock_jumps_total")
            .help("Wall-clock steps beyond the jump threshold, by direction (forward, backward)")
            .labelNames("direction")
            .register(registry);

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Registers the gauges that are read from the buffer and the status board when scraped. */
    public void observe(ReadingBuffer buffer, StatusBoard board, Clock clock) {
        GaugeWithCallback.builder()
                .name("calor_bridge_buffer_depth")
                .help("Readings waiting in the durable buffer")
                .labelNames("device")
                .callback(cb -> board.all().keySet().forEach(d -> cb.call(buffer.depth(d), d)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("calor_bridge_buffer_oldest_age_seconds")
                .help("Age of the oldest reading waiting in the buffer; 0 when empty")
                .callback(cb -> cb.call(buffer.oldestPending()
                        .map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0)
                        .orElse(0.0)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("calor_bridge_quarantine_batches")
                .help("Batches the broker refused for good, kept in the quarantine for inspection")
                .callback(cb -> cb.call(buffer.quarantinedBatches()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("calor_bridge_patch_link_state")
                .help("1 for the current link state of each patch")
                .labelNames("device", "state")
                .callback(cb -> board.all().forEach((d, s) -> {
                    for (LinkState state : LinkState.values()) {
                        cb.call(s.link() == state ? 1 : 0, d, state.name().toLowerCase(java.util.Locale.ROOT));
                    }
                }))
                .register(registry);
    }

    /** The clock gauge: 1 while the bridge believes its wall clock is synchronised. */
    public void observeClock(java.util.function.BooleanSupplier synchronised) {
        GaugeWithCallback.builder()
                .name("calor_bridge_clock_synchronised")
                .help("1 while the bridge believes its wall clock (0 = no TIME_SET, readings flagged)")
                .callback(cb -> cb.call(synchronised.getAsBoolean() ? 1 : 0))
                .register(registry);
    }

    public void clockJump(boolean forward) {
        clockJumps.labelValues(forward ? "forward" : "backward").inc();
    }

    public void received(String device) {
        received.labelValues(device).inc();
    }

    public void stored(String device, long count) {
        stored.labelValues(device).inc(count);
    }

    public void duplicates(String device, long count) {
        duplicates.labelValues(device).inc(count);
    }

    public void missing(String device, long count) {
        missing.labelValues(device).inc(count);
    }

    public void rejected(String device, RejectReason reason) {
        rejected.labelValues(device, reason.label()).inc();
    }

    public void published(String device, int readings, Duration latency, Instant oldestStored, Instant now) {
        published.labelValues(device).inc(readings);
        batches.labelValues(device).inc();
        publishLatency.observe(latency.toNanos() / 1e9);
        deliveryDelay.observe(Math.max(0, Duration.between(oldestStored, now).toNanos() / 1e9));
    }

    public void quarantined(String device, int reasonCode, int readings) {
        quarantined.labelValues(device, "0x" + Integer.toHexString(reasonCode)).inc();
        quarantinedReadings.labelValues(device).inc(readings);
    }

    public void throttled(String device, int reasonCode) {
        throttled.labelValues(device, "0x" + Integer.toHexString(reasonCode)).inc();
    }

    public void isolating(String device, int reasonCode) {
        isolating.labelValues(device, "0x" + Integer.toHexString(reasonCode)).inc();
    }

    public void breakerTripped(String device) {
        breakerTrips.labelValues(device).inc();
    }

    public void publishFailed(String device) {
        publishFailures.labelValues(device).inc();
    }

    public void mqttConnected(String device, boolean up) {
        mqttConnected.labelValues(device).set(up ? 1 : 0);
        if (up) {
            reconnects.labelValues(device).inc();
        }
    }

    @Override
    public void onEvicted(String deviceId, EvictionReason reason, long count) {
        evicted.labelValues(deviceId, reason.label()).inc(count);
    }

    @Override
    public void onWriteFailed(String why) {
        writeFailures.inc();
    }

    @Override
    public void onCorruptFileMovedAside(java.nio.file.Path movedTo, String why) {
        corruptFiles.inc();
    }

    /** Free space and writability of the buffer, read when scraped. */
    public void observeBufferHealth(
            dev.calor.edgebridge.buffer.BufferHealth health, ReadingBuffer buffer, StatusBoard board) {
        GaugeWithCallback.builder()
                .name("calor_bridge_buffer_free_bytes")
                .help("Usable space left on the buffer's file system")
                .callback(cb -> cb.call(health.state().freeBytes()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("calor_bridge_buffer_writable")
                .help("1 while the buffer takes readings (last write succeeded, free space above min-free-space)")
                .callback(cb -> cb.call(health.state().writable() ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("calor_bridge_buffer_bytes")
                .help("Payload bytes of the readings waiting in the buffer, per patch (its quota applies)")
                .labelNames("device")
                .callback(cb -> board.all().keySet().forEach(d -> cb.call(buffer.bytes(d), d)))
                .register(registry);
    }

    @Override
    public void onQuarantinePurged(long batchCount) {
        quarantinePurged.inc(batchCount);
    }

    /** The value of a counter or gauge with these labels, for tests and the health endpoint. */
    public double value(String name, String... labelValues) {
        return MetricValues.find(registry.scrape(), name, labelValues);
    }
}
