package dev.calor.worker.consume;

import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.carecircle.Patient;
import dev.calor.worker.metrics.HealthState;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.sink.BatchWriter;
import dev.calor.worker.sink.PointMapper;
import dev.calor.worker.sink.RollupBackfill;
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
 * The storage consumer's processing thread. It decodes each message, maps its readings and device
 * status to points and flushes by size or age: write every point to InfluxDB, then acknowledge the
 * messages of the flush. A crash before the acknowledgement means the broker redelivers and the rewrite
 * overwrites itself. Alerting is not here: the {@link AlertPipeline} consumes the same messages on its own
 * session, so an InfluxDB outage delays storage and never an alert.
 *
 * <p>Up to {@code parallelWrites} flushes are written at once; they complete in order. While InfluxDB
 * is down the writes block retrying, the pipeline stops at {@code parallelWrites} outstanding flushes, the inbox fills up to what the broker may have
 * in flight (MQTT receive maximum per shard) and the broker stops sending: nothing is held unbounded.
 */
public final class StoragePipeline implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StoragePipeline.class);
    private static final Logger DROPPED = LoggerFactory.getLogger("calor.event.message-dropped");

    private final BlockingQueue<InboundMessage> inbox = new LinkedBlockingQueue<>();
    private final CareCircleWatcher careCircle;
    private final BatchWriter writer;
    private final RollupBackfill backfill;
    private final WorkerMetrics metrics;
    private final HealthState health;
    private final Clock clock;
    private final int batchSize;
    private final long flushIntervalNs;

    private final int parallelWrites;
    private final ExecutorService writers;
    private final ArrayDeque<Flush> flushes = new ArrayDeque<>();
    private final List<String> points = new ArrayList<>();
    /** Received from the broker and not yet acknowledged (inbox, pending, being written). */
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

    private final List<InboundMessage> unacked = new ArrayList<>();
    private long pendingSinceNs = -1;
    private long newestSampleNs = Long.MIN_VALUE;
    private long oldestSampleNs = Long.MAX_VALUE;
    private static final long STATS_INTERVAL_NS = 10_000_000_000L;
    private long nextTickNs;
    private long nextStatsNs;
    private long messagesSinceStats;
    private long pointsSinceStats;
    private volatile boolean running = true;
    private volatile Thread thread;

    public StoragePipeline(
            CareCircleWatcher careCircle,
            BatchWriter writer,
            RollupBackfill backfill,
            WorkerMetrics metrics,
            HealthState health,
            Clock clock,
            int batchSize,
            int parallelWrites,
            Duration flushInterval) {
        this.careCircle = careCircle;
        this.writer = writer;
        this.backfill = backfill;
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
                    nextTickNs = now + STATS_INTERVAL_NS;
                }
                completeDone();
                boolean due = pendingSinceNs >= 0 && now - pendingSinceNs >= flushIntervalNs;
                if (points.size() >= batchSize || due || (!running && pendingSinceNs >= 0)) {
                    flush();
                }
            }
            if (pendingSinceNs >= 0) {
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
        BatchDecoder.Result decoded = BatchDecoder.decode(m);
        if (!decoded.ok()) {
            drop(m, decoded.dropped().reason(), decoded.dropped().detail());
            return;
        }
        ReadingBatch batch = decoded.batch();
        CareCircle cc = careCircle.current();
        String deviceId = batch.getDeviceId();
        for (ReadingRouter.Routed r : ReadingRouter.readings(cc, batch)) {
            String patientId = r.patient().map(Patient::patientId).orElse("");
            points.add(PointMapper.reading(deviceId, patientId, r.reading(), r.coreCelsius()));
            newestSampleNs = Math.max(newestSampleNs, r.reading().getSampleTimeUnixNs());
            oldestSampleNs = Math.min(oldestSampleNs, r.reading().getSampleTimeUnixNs());
            metrics.readings
                    .labelValues(r.patient().isPresent() ? "true" : "false")
                    .inc();
        }
        ReadingRouter.status(cc, batch)
                .ifPresent(s -> points.add(PointMapper.status(
                        s.status(), s.patient().map(Patient::patientId).orElse(""), s.timeNs())));
        metrics.messages.labelValues("written").inc();
    }

    private void drop(InboundMessage m, String reason, String detail) {
        metrics.dropped.labelValues(reason).inc();
        metrics.messages.labelValues("dropped").inc();
        DROPPED.warn("message on {} dropped ({}): {}", m.topic(), reason, detail);
    }

    private void tick() {
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
            nextStatsNs = now + STATS_INTERVAL_NS;
        }
    }

    /**
     * Hands the pending points to a writer and queues the flush; flushes complete (commit, then
     * acknowledge) strictly in order, so the store and the broker never see a later batch first.
     */
    private void flush() throws InterruptedException {
        List<String> lines = List.copyOf(points);
        Future<?> write = lines.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : writers.submit(() -> {
                    writer.writeAll(lines);
                    return null;
                });
        flushes.add(new Flush(write, List.copyOf(unacked), oldestSampleNs, newestSampleNs, lines.size()));
        oldestSampleNs = Long.MAX_VALUE;
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
        for (InboundMessage m : f.messages()) {
            try {
                m.ack().run();
            } catch (RuntimeException e) {
                LOG.warn("acknowledging a message on {} failed (it will be redelivered): {}", m.topic(), e.toString());
            }
        }
        if (f.newestSampleNs() != Long.MIN_VALUE) {
            backfill.written(f.oldestSampleNs(), f.newestSampleNs(), wallNs());
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
            Future<?> write, List<InboundMessage> messages, long oldestSampleNs, long newestSampleNs, int points) {}

    private long wallNs() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static long monoNow() {
        return System.nanoTime();
    }
}
