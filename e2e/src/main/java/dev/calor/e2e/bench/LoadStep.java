package dev.calor.e2e.bench;

import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.testsupport.InfluxHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One step of open-loop, constant-rate load: batch k is due at {@code t0 + k·batch/rate}, whatever happened to
 * the batches before it, and goes to patch {@code k mod patches}. Every latency is measured from that intended
 * send time, so time a batch spent waiting behind a slow pipeline (or a slow generator) counts against the
 * pipeline and overload shows as queueing instead of hiding in a slower send rate.
 */
final class LoadStep {

    /** Batches published and not yet acknowledged at most; the generator waits beyond (its lag is measured). */
    private static final int MAX_IN_FLIGHT = 50_000;

    private static final long ACK_TIMEOUT_MILLIS = 120_000;

    /**
     * @param rate readings per second offered
     * @param drain how long to wait after the last send for the last batch to become queryable
     */
    record Settings(
            double rate, Duration duration, int batchSize, Duration pollPeriod, Duration drain, String deviceRegex) {}

    private LoadStep() {}

    /**
     * Runs the step against {@code patches} (already connected). Every batch of a patch with a {@link FeverReplay}
     * is replayed; {@code alerts} (may be null) learns when a fever episode became due.
     */
    static StepResult run(
            String name, Settings s, List<LoadPatch> patches, InfluxHttp influx, String database, AlertWatch alerts)
            throws InterruptedException {
        long intervalNs = (long) (s.batchSize() * 1e9 / s.rate());
        long spacingNs = intervalNs * patches.size() / s.batchSize();
        long t0 = System.nanoTime() + 100_000_000L;
        long epochAtT0 = epochNanos() + 100_000_000L;
        int seconds = (int) (s.duration().plus(s.drain()).toSeconds() + 5);
        TimeSeries sent = new TimeSeries("sent (intended)", t0, seconds);
        TimeSeries acknowledged = new TimeSeries("acknowledged by the broker", t0, seconds);
        TimeSeries queryable = new TimeSeries("queryable in InfluxDB", t0, seconds);
        QueryableWatch watch = new QueryableWatch(influx, database, s.deviceRegex(), s.pollPeriod(), queryable);
        Histogram puback = new ConcurrentHistogram(3_600_000_000L, 3);
        Histogram lag = new Histogram(3_600_000_000L, 3);
        AtomicLong acked = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long end = t0 + s.duration().toNanos();
        long drainDeadline = end + s.drain().toNanos();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watcher = new Thread(() -> watch.run(done::get, drainDeadline), "bench-queryable-watch");
        watcher.start();
        long batches = 0;
        try {
            for (long k = 0; ; k++) {
                long intended = t0 + k * intervalNs;
                if (intended >= end) {
                    break;
                }
                sleepUntil(intended);
                inFlight.acquire();
                long now = System.nanoTime();
                lag.recordValue(Math.max(0, Math.min(lag.getHighestTrackableValue(), (now - intended) / 1_000)));
                LoadPatch patch = patches.get((int) (k % patches.size()));
                long intendedEpoch = epochAtT0 + (intended - t0);
                ReadingBatch batch = patch.nextBatch(s.batchSize(), intendedEpoch, spacingNs, epochAtT0);
                if (patch.replay() != null && patch.replay().due(batch) && alerts != null) {
                    alerts.due(patch.replay().patientId(), intended);
                }
                watch.sent(patch.deviceId(), sampleTimes(batch), intended);
                sent.add(intended, batch.getReadingsCount());
                int readings = batch.getReadingsCount();
                patch.publish(batch, ACK_TIMEOUT_MILLIS).thenAccept(ok -> {
                    long at = System.nanoTime();
                    inFlight.release();
                    if (ok) {
                        acked.addAndGet(readings);
                        acknowledged.add(at, readings);
                        puback.recordValue(
                                Math.max(0, Math.min(puback.getHighestTrackableValue(), (at - intended) / 1_000)));
                    } else {
                        refused.addAndGet(readings);
                    }
                });
                batches++;
            }
        } finally {
            done.set(true);
            watcher.join(s.drain().plusSeconds(30).toMillis());
        }
        inFlight.tryAcquire(MAX_IN_FLIGHT, 10, java.util.concurrent.TimeUnit.SECONDS);
        return new StepResult(
                name,
                s,
                t0,
                batches,
                watch.sentReadings(),
                acked.get(),
                refused.get(),
                watch.confirmedReadings(),
                watch.micros(),
                puback,
                lag,
                watch.backlog(),
                watch.polls(),
                watch.meanPollMillis(),
                watch.meanPollIntervalMillis(),
                List.of(sent, acknowledged, queryable));
    }

    private static long[] sampleTimes(ReadingBatch batch) {
        long[] times = new long[batch.getReadingsCount()];
        int i = 0;
        for (Reading r : batch.getReadingsList()) {
            times[i++] = r.getSampleTimeUnixNs();
        }
        return times;
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
