package dev.calor.e2e.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Waits until InfluxDB holds an expected number of readings, noting when the count last grew: the
 * moment the last reading became queryable.
 */
final class StoredReadings {

    private static final long POLL_NANOS = 100_000_000L;
    /** Give up early when the count has not grown for this long: the pipeline has stopped delivering. */
    static final Duration STALL = Duration.ofSeconds(30);

    /**
     * @param stored how many readings are stored now
     * @param reachedAtNanos {@link System#nanoTime()} of the poll that first saw the final count
     */
    record Outcome(long stored, long reachedAtNanos, boolean complete) {}

    private StoredReadings() {}

    /**
     * Polls {@code count} until it reaches {@code expected}, {@code timeout} passed, or the count did not
     * grow for {@link #STALL}.
     */
    static Outcome await(LongSupplier count, long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            long stored = count.getAsLong();
            if (stored != last) {
                last = stored;
                lastChange = now;
            }
            if (stored >= expected) {
                return new Outcome(stored, now, true);
            }
            if (now > deadline || now - lastChange > STALL.toNanos()) {
                return new Outcome(stored, lastChange, false);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
