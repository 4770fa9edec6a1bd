package dev.calor.worker.consume;

import dev.calor.proto.v1.ReadingBatch;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.carecircle.Patient;
import dev.calor.worker.metrics.HealthState;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.sink.BatchWriter;
import dev.calor.worker.sink.PointMapper;
import dev.calor.worker.sink.RollupBackfill;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage consumer's processing thread. It decodes each message, maps its readings and device
 * status to points and flushes them: write every point to InfluxDB, then acknowledge the messages of the
 * flush. Points are written once the oldest has waited {@code linger} and no write is under way; while one is,
 * they gather into the next flush until it is full ({@code batchSize}) or its oldest point has waited
 * {@code flushInterval}. So a quiet stream waits only the short linger (which bounds how many requests a
 * trickle of messages costs InfluxDB and the worker) and a busy one is written in large batches. A crash before the acknowledgement means the broker redelivers and the rewrite
 * overwrites itself. Alerting is not here: the {@link AlertPipeline} consumes the same messages on its own
 * session, so an InfluxDB outage delays storage and never an alert.
 *
 * <p>Up to {@code parallelWrites} flushes are written at once; they complete in order. While InfluxDB
 * is down the writes block retrying, the pipeline stops at {@code parallelWrites} outstanding flushes, the inbox fills up to what the broker may have
 * in flight (MQTT receive maximum per shard) and the broker stops sending: nothing is held unbounded.
 * The thread itself is the {@link ConsumeLoop} both consumers share.
 */
public final class StoragePipeline implements Runnable, ConsumeLoop.Stage {

    private static final Logger LOG = LoggerFactory.getLogger(StoragePipeline.class);
    private static final Logger DROPPED = LoggerFactory.getLogger("calor.event.message-dropped");

    private static final Duration STATS_INTERVAL = Duration.ofSeconds(10);

    private final ConsumeLoop loop = new ConsumeLoop("storage pipeline", this, STATS_INTERVAL);
    private final CareCircleWatcher careCircle;
    private final BatchWriter writer;
    private final RollupBackfill backfill;
    private final WorkerMetrics metrics;
    private final HealthState health;
    private final Clock clock;
    private final int batchSize;
    private final long flushIntervalNs;
    private final long lingerNs;

    private final int parallelWrites;
    private final ExecutorService writers;
    private final ArrayDeque<Flush> flushes = new ArrayDeque<>();
    private final List<String> points = new ArrayList<>();
    /** Received from the broker and not yet acknowledged (inbox, pending, being written). */
    private final AtomicInteger held = new AtomicInteger();

    private final CounterDataPoint assignedReadings;
    private final CounterDataPoint unassignedReadings;
    private final CounterDataPoint writtenMessages;

    private final List<InboundMessage> unacked = new ArrayList<>();
    private long pendingSinceNs = -1;
    private long newestSampleNs = Long.MIN_VALUE;
    private long oldestSampleNs = Long.MAX_VALUE;
    private long messagesSinceStats;
    private long pointsSinceStats;

    public StoragePipeline(
            CareCircleWatcher careCircle,
            BatchWriter writer,
            RollupBackfill backfill,
            WorkerMetrics metrics,
            HealthState health,
            Clock clock,
            int batchSize,
            int parallelWrites,
            Duration flushInterval,
            Duration linger) {
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
        this.lingerNs = Math.min(linger.toNanos(), flushIntervalNs);
        this.assignedReadings = metrics.readings.labelValues("true");
        this.unassignedReadings = metrics.readings.labelValues("false");
        this.writtenMessages = metrics.messages.labelValues("written");
    }

    /** Called on MQTT threads. The broker bounds what can be in flight, so this never grows unbounded. */
    public void submit(InboundMessage m) {
        loop.submit(m);
        metrics.inFlight.set(held.incrementAndGet());
    }

    /** Stops after flushing what is pending (or at once if InfluxDB is down: nothing is acknowledged then). */
    public void stop(Duration grace) throws InterruptedException {
        loop.stop(grace);
    }

    @Override
    public void run() {
        loop.run();
    }

    @Override
    public boolean groupFull() {
        return points.size() >= batchSize;
    }

    @Override
    public long dueNs() {
        if (pendingSinceNs < 0) {
            return Long.MAX_VALUE;
        }
        return pendingSinceNs + (flushes.isEmpty() ? lingerNs : flushIntervalNs);
    }

    @Override
    public int unacknowledged() {
        return unacked.size()
                + flushes.stream().mapToInt(f -> f.messages().size()).sum();
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }

    /**
     * Flushes once the linger passed when no write is under way, else by size or age; stopping, flushes what is
     * pending and waits for every write.
     */
    @Override
    public void complete(long nowNs, boolean stopping) throws InterruptedException {
        completeDone();
        if (pendingSinceNs >= 0 && (groupFull() || stopping || nowNs >= dueNs())) {
            flush();
        }
        while (stopping && !flushes.isEmpty()) {
            completeOldest();
        }
    }

    @Override
    public void take(InboundMessage m) {
        if (pendingSinceNs < 0) {
            pendingSinceNs = System.nanoTime();
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
        int assigned = 0;
        int unassigned = 0;
        for (ReadingRouter.Routed r : ReadingRouter.readings(cc, batch)) {
            String patientId = r.patient().map(Patient::patientId).orElse("");
            long sampleNs = r.reading().getSampleTimeUnixNs();
            points.add(PointMapper.reading(deviceId, patientId, r.reading(), r.coreCelsius()));
            newestSampleNs = Math.max(newestSampleNs, sampleNs);
            oldestSampleNs = Math.min(oldestSampleNs, sampleNs);
            if (r.patient().isPresent()) {
                assigned++;
            } else {
                unassigned++;
            }
        }
        assignedReadings.inc(assigned);
        unassignedReadings.inc(unassigned);
        ReadingRouter.status(cc, batch)
                .ifPresent(s -> points.add(PointMapper.status(
                        s.status(), s.patient().map(Patient::patientId).orElse(""), s.timeNs())));
        writtenMessages.inc();
    }

    private void drop(InboundMessage m, String reason, String detail) {
        metrics.dropped.labelValues(reason).inc();
        metrics.messages.labelValues("dropped").inc();
        DROPPED.warn("message on {} dropped ({}): {}", m.topic(), reason, detail);
    }

    /** Every {@link #STATS_INTERVAL}: what was written since the last report. */
    @Override
    public void tick() {
        if (messagesSinceStats > 0) {
            LOG.info(
                    "wrote {} points from {} messages since the last report; lag {} s",
                    pointsSinceStats,
                    messagesSinceStats,
                    String.format(java.util.Locale.ROOT, "%.1f", health.lagNs.get() / 1e9));
        }
        messagesSinceStats = 0;
        pointsSinceStats = 0;
    }

    /**
     * Hands the pending points to a writer and queues the flush; flushes complete (commit, then
     * acknowledge) strictly in order, so the store and the broker never see a later batch first.
     */
    private void flush() throws InterruptedException {
        List<String> lines = List.copyOf(points);
        Future<?> write;
        if (lines.isEmpty()) {
            write = CompletableFuture.completedFuture(null);
        } else {
            FutureTask<Void> task =
                    new FutureTask<>(() -> {
                        writer.writeAll(lines);
                        return null;
                    }) {
                        @Override
                        protected void done() {
                            loop.wake(); // acknowledge it, and write what gathered meanwhile, now
                        }
                    };
            writers.execute(task);
            write = task;
        }
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
        ConsumeLoop.acknowledge(f.messages());
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
}
