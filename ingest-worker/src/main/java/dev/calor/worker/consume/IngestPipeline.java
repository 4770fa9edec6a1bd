package dev.calor.worker.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.worker.alert.AlertIds;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.ReadingInput;
import dev.calor.worker.carecircle.Assignment;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.carecircle.Patient;
import dev.calor.worker.carecircle.SiteCorrections;
import dev.calor.worker.delivery.AlertDeliverer;
import dev.calor.worker.delivery.AlertEventLog;
import dev.calor.worker.delivery.AlertFanOut;
import dev.calor.worker.metrics.HealthState;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.sink.BatchWriter;
import dev.calor.worker.sink.PointMapper;
import dev.calor.worker.state.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The worker's single processing thread. It decodes each message, maps its readings to points and feeds
 * the alert engine, and flushes by size or age: write every point (readings, device status, alerts) to
 * InfluxDB, then commit alert states, alerts and their deliveries to the store, then acknowledge the
 * messages. A crash anywhere before the acknowledgement means the broker redelivers and the rewrite
 * overwrites itself; the alert engine skips readings it has already evaluated.
 *
 * <p>Up to {@code parallelWrites} flushes are written at once; they complete in order. While InfluxDB
 * is down the writes block retrying, the pipeline stops at {@code parallelWrites} outstanding flushes, the inbox fills up to what the broker may have
 * in flight (MQTT receive maximum per shard) and the broker stops sending: nothing is held unbounded.
 */
public final class IngestPipeline implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final Logger DROPPED = LoggerFactory.getLogger("calor.event.message-dropped");

    private final BlockingQueue<InboundMessage> inbox = new LinkedBlockingQueue<>();
    private final CareCircleWatcher careCircle;
    private final AlertStage alerts;
    private final BatchWriter writer;
    private final AlertStore store;
    private final AlertDeliverer deliverer;
    private final WorkerMetrics metrics;
    private final HealthState health;
    private final Clock clock;
    private final int batchSize;
    private final long flushIntervalNs;
    private final long tickIntervalNs;

    private final int parallelWrites;
    private final ExecutorService writers;
    private final ArrayDeque<Flush> flushes = new ArrayDeque<>();
    private final List<String> points = new ArrayList<>();
    /** Received from the broker and not yet acknowledged (inbox, pending, being written). */
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

    private final List<InboundMessage> unacked = new ArrayList<>();
    private long pendingSinceNs = -1;
    private long newestSampleNs = Long.MIN_VALUE;
    private long nextTickNs;
    private static final long STATE_CHECKPOINT_NS = 1_000_000_000L;
    private long lastCheckpointNs;
    private long nextStatsNs;
    private long messagesSinceStats;
    private long pointsSinceStats;
    private volatile boolean running = true;
    private volatile Thread thread;

    public IngestPipeline(
            CareCircleWatcher careCircle,
            AlertStage alerts,
            BatchWriter writer,
            AlertStore store,
            AlertDeliverer deliverer,
            WorkerMetrics metrics,
            HealthState health,
            Clock clock,
            int batchSize,
            int parallelWrites,
            Duration flushInterval,
            Duration tickInterval) {
        this.careCircle = careCircle;
        this.alerts = alerts;
        this.writer = writer;
        this.store = store;
        this.deliverer = deliverer;
        this.metrics = metrics;
        this.health = health;
        this.clock = clock;
        this.batchSize = batchSize;
        this.parallelWrites = parallelWrites;
        this.writers = Executors.newFixedThreadPool(parallelWrites, r -> {
            Thread t = new Thread(r, "calor-worker-writer");
            t.setDaemon(true);
            return t;
        });
        this.flushIntervalNs = flushInterval.toNanos();
        this.tickIntervalNs = tickInterval.toNanos();
    }

    /** Called on MQTT threads. The broker bounds what can be in flight, so this never grows unbounded. */
    public void submit(InboundMessage m) {
        inbox.add(m);
        metrics.inFlight.set(held.incrementAndGet());
    }

    /** Stops after flushing what is pending (or at once if InfluxDB is down: nothing is acknowledged then). */
    public void stop(Duration grace) throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.join(grace.toMillis());
            if (t.isAlive()) {
                t.interrupt();
                t.join(5_000);
            }
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        nextTickNs = monoNow();
        try {
            while (running || !inbox.isEmpty()) {
                long now = monoNow();
                long waitNs = Math.max(
                        0,
                        Math.min(nextTickNs, pendingSinceNs < 0 ? Long.MAX_VALUE : pendingSinceNs + flushIntervalNs)
                                - now);
                InboundMessage m = inbox.poll(Math.min(waitNs, 100_000_000L), TimeUnit.NANOSECONDS);
                if (m != null) {
                    handle(m);
                    InboundMessage more;
                    while (points.size() < batchSize && (more = inbox.poll()) != null) {
                        handle(more);
                    }
                }
                now = monoNow();
                if (now >= nextTickNs) {
                    tick();
                    nextTickNs = now + tickIntervalNs;
                }
                completeDone();
                boolean due = pendingSinceNs >= 0 && now - pendingSinceNs >= flushIntervalNs;
                if (points.size() >= batchSize || due || alerts.hasAlerts() || (!running && pendingSinceNs >= 0)) {
                    flush();
                }
            }
            if (pendingSinceNs >= 0 || alerts.hasChanges()) {
                flush();
            }
            while (!flushes.isEmpty()) {
                completeOldest();
            }
        } catch (InterruptedException e) {
            LOG.info(
                    "pipeline stopped with {} messages unacknowledged; the broker will redeliver them", unacked.size());
        } catch (RuntimeException e) {
            LOG.error("pipeline failed; unacknowledged messages will be redelivered", e);
            throw e;
        } finally {
            writers.shutdownNow();
        }
    }

    /** Handles one message with its device id in the logging MDC (structured logs carry it). */
    private void handle(InboundMessage m) {
        Optional<String> device = Topics.deviceOfIngest(m.topic());
        if (device.isEmpty()) {
            handleMessage(m);
            return;
        }
        try (MDC.MDCCloseable id = MDC.putCloseable("device_id", device.get())) {
            handleMessage(m);
        }
    }

    private void handleMessage(InboundMessage m) {
        if (pendingSinceNs < 0) {
            pendingSinceNs = monoNow();
        }
        unacked.add(m);
        Optional<String> device = Topics.deviceOfIngest(m.topic());
        ReadingBatch batch;
        try {
            batch = ReadingBatch.parseFrom(m.payload());
        } catch (InvalidProtocolBufferException e) {
            drop(m, "undecodable", e.getMessage());
            return;
        }
        if (device.isEmpty() || !device.get().equals(batch.getDeviceId())) {
            drop(m, "device_mismatch", "topic " + m.topic() + " carries device '" + batch.getDeviceId() + "'");
            return;
        }
        if (!SchemaVersions.isSupported(batch.getSchemaVersion())) {
            drop(m, "schema_version", "schema version " + batch.getSchemaVersion());
            return;
        }
        CareCircle cc = careCircle.current();
        String deviceId = batch.getDeviceId();
        for (Reading r : batch.getReadingsList()) {
            Optional<Assignment> a = cc.assignmentAt(deviceId, r.getSampleTimeUnixNs());
            Optional<Patient> patient = a.flatMap(x -> cc.patient(x.patientId()));
            MeasurementSite site = r.getSite() != MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED || a.isEmpty()
                    ? r.getSite()
                    : a.get().site();
            SiteCorrections corrections = patient.map(Patient::corrections).orElse(SiteCorrections.defaults());
            double core = corrections.coreEquivalent(r.getTemperatureCelsius(), site);
            Reading withSite =
                    r.getSite() == site ? r : r.toBuilder().setSite(site).build();
            points.add(PointMapper.reading(
                    deviceId, patient.map(Patient::patientId).orElse(""), withSite, core));
            newestSampleNs = Math.max(newestSampleNs, r.getSampleTimeUnixNs());
            metrics.readings.labelValues(patient.isPresent() ? "true" : "false").inc();
            patient.ifPresent(p -> alerts.onReading(
                    p,
                    new ReadingInput(
                            deviceId,
                            r.getSampleTimeUnixNs(),
                            r.getTemperatureCelsius(),
                            core,
                            r.getQualityFlags(),
                            site)));
        }
        if (batch.hasStatus()) {
            DeviceStatus s = batch.getStatus().getDeviceId().isEmpty()
                    ? batch.getStatus().toBuilder().setDeviceId(deviceId).build()
                    : batch.getStatus();
            long t = s.getTimeUnixNs() > 0 ? s.getTimeUnixNs() : batch.getCreatedTimeUnixNs();
            Optional<Patient> patient = cc.assignmentAt(deviceId, t).flatMap(x -> cc.patient(x.patientId()));
            points.add(PointMapper.status(s, patient.map(Patient::patientId).orElse(""), t));
            patient.ifPresent(p -> alerts.onStatus(p, s, t));
        }
        metrics.messages.labelValues("written").inc();
    }

    private void drop(InboundMessage m, String reason, String detail) {
        metrics.dropped.labelValues(reason).inc();
        metrics.messages.labelValues("dropped").inc();
        DROPPED.warn("message on {} dropped ({}): {}", m.topic(), reason, detail);
    }

    private void tick() {
        if (careCircle.checkForChange()) {
            LOG.info("care circle reloaded");
        }
        metrics.careCircleRejected.set(careCircle.rejectedReloads());
        alerts.tick(careCircle.current(), wallNs());
        long now = monoNow();
        if (now >= nextStatsNs) {
            if (messagesSinceStats > 0) {
                LOG.info(
                        "wrote {} points from {} messages since the last report; lag {} s",
                        pointsSinceStats,
                        messagesSinceStats,
                        String.format(java.util.Locale.ROOT, "%.1f", health.lagNs.get() / 1e9));
            }
            messagesSinceStats = 0;
            pointsSinceStats = 0;
            nextStatsNs = now + 10_000_000_000L;
        }
    }

    /**
     * Hands the pending points to a writer and queues the flush; flushes complete (commit, then
     * acknowledge) strictly in order, so the store and the broker never see a later batch first.
     */
    private void flush() throws InterruptedException {
        List<Alert> emitted = List.copyOf(alerts.alerts());
        List<String> lines = new ArrayList<>(points.size() + emitted.size());
        lines.addAll(points);
        emitted.forEach(a -> lines.add(PointMapper.alert(a)));
        // States are checkpointed with every alert and at least every STATE_CHECKPOINT; in between a
        // crash only loses progress of runs that had not changed any rule, and saves an fsync per flush.
        long now = monoNow();
        boolean checkpoint = !emitted.isEmpty() || now - lastCheckpointNs >= STATE_CHECKPOINT_NS || !running;
        List<PatientAlertState> states = checkpoint ? List.copyOf(alerts.changedStates()) : List.of();
        alerts.alertsTaken();
        if (checkpoint) {
            alerts.statesTaken();
            lastCheckpointNs = now;
        }
        Future<?> write = lines.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : writers.submit(() -> {
                    writer.writeAll(lines);
                    return null;
                });
        flushes.add(new Flush(write, states, emitted, List.copyOf(unacked), newestSampleNs, lines.size()));
        unacked.clear();
        points.clear();
        pendingSinceNs = -1;
        while (flushes.size() >= parallelWrites) {
            completeOldest();
        }
        completeDone();
    }

    /** Completes the flushes at the head whose writes are done. */
    private void completeDone() throws InterruptedException {
        while (!flushes.isEmpty() && flushes.peek().write().isDone()) {
            completeOldest();
        }
    }

    private void completeOldest() throws InterruptedException {
        Flush f = flushes.peek();
        try {
            f.write().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                throw new InterruptedException("write interrupted");
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
        flushes.poll();
        CareCircle cc = careCircle.current();
        List<Alert> fresh = f.states().isEmpty() && f.alerts().isEmpty()
                ? List.of()
                : store.commit(f.states(), f.alerts(), a -> AlertFanOut.of(a, cc), wallNs());
        for (Alert a : fresh) {
            AlertEventLog.log(a);
            metrics.alerts
                    .labelValues(AlertIds.shortName(a.getKind()), AlertIds.shortName(a.getTransition()))
                    .inc();
        }
        if (!fresh.isEmpty()) {
            deliverer.wake();
        }
        for (InboundMessage m : f.messages()) {
            try {
                m.ack().run();
            } catch (RuntimeException e) {
                LOG.warn("acknowledging a message on {} failed (it will be redelivered): {}", m.topic(), e.toString());
            }
        }
        if (f.newestSampleNs() != Long.MIN_VALUE) {
            long lag = wallNs() - f.newestSampleNs();
            metrics.lagSeconds.set(lag / 1e9);
            health.lagNs.set(lag);
        }
        health.lastWriteNs.set(wallNs());
        metrics.inFlight.set(held.addAndGet(-f.messages().size()));
        messagesSinceStats += f.messages().size();
        pointsSinceStats += f.points();
    }

    private record Flush(
            Future<?> write,
            List<PatientAlertState> states,
            List<Alert> alerts,
            List<InboundMessage> messages,
            long newestSampleNs,
            int points) {}

    private long wallNs() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static long monoNow() {
        return System.nanoTime();
    }
}
