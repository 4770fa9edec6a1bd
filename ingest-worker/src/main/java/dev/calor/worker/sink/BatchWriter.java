package dev.calor.worker.sink;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to InfluxDB until every one is accepted or dead-lettered: chunks of at most
 * {@code maxBatchPoints}, retried with backoff and jitter while InfluxDB is unavailable (5xx, 429,
 * timeouts, refused connections), halved on 413, and bisected on 400/422 until the poison records are
 * isolated and dead-lettered with InfluxDB's reason while the rest is written. Re-writing a record is
 * harmless: its time and tags make it overwrite itself.
 */
public final class BatchWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    /** Waits between attempts; tests pass a recorder. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final LineSink sink;
    private final RetryPolicy policy;
    private final int maxBatchPoints;
    private final DeadLetterLog deadLetters;
    private final Sleeper sleeper;
    private final WriteListener listener;

    public BatchWriter(
            LineSink sink,
            RetryPolicy policy,
            int maxBatchPoints,
            DeadLetterLog deadLetters,
            Sleeper sleeper,
            WriteListener listener) {
        this.sink = sink;
        this.policy = policy;
        this.maxBatchPoints = maxBatchPoints;
        this.deadLetters = deadLetters;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * Returns once every record is written or dead-lettered; blocks while InfluxDB is down.
     *
     * @throws InterruptedException when the worker stops while waiting; nothing is acknowledged then
     */
    public void writeAll(List<String> lines) throws InterruptedException {
        for (int from = 0; from < lines.size(); from += maxBatchPoints) {
            writeChunk(lines.subList(from, Math.min(lines.size(), from + maxBatchPoints)));
        }
    }

    private void writeChunk(List<String> chunk) throws InterruptedException {
        int attempt = 0;
        while (true) {
            long start = System.nanoTime();
            try {
                sink.write(chunk);
                listener.written(chunk.size(), System.nanoTime() - start);
                if (attempt > 0) {
                    LOG.info("InfluxDB accepted a batch of {} points after {} failed attempts", chunk.size(), attempt);
                }
                return;
            } catch (SinkWriteException e) {
                attempt++;
                RetryPolicy.Decision d =
                        policy.decide(attempt, e.status(), e.retryAfter().orElse(null));
                switch (d.action()) {
                    case RETRY -> {
                        listener.retried(e.status());
                        LOG.warn(
                                "InfluxDB write of {} points failed (attempt {}, status {}): {}; retrying in {} ms",
                                chunk.size(),
                                attempt,
                                e.status(),
                                e.getMessage(),
                                d.delay().toMillis());
                        sleeper.sleep(d.delay());
                    }
                    case SPLIT, ISOLATE -> {
                        if (chunk.size() == 1) {
                            listener.deadLettered(reasonOf(e));
                            deadLetters.add(chunk.get(0), e.status() + " " + e.getMessage());
                        } else {
                            listener.split(chunk.size());
                            int half = chunk.size() / 2;
                            writeChunk(chunk.subList(0, half));
                            writeChunk(chunk.subList(half, chunk.size()));
                        }
                        return;
                    }
                }
            }
        }
    }

    private static String reasonOf(SinkWriteException e) {
        return e.status() == 413 ? "too_large" : "rejected";
    }
}
