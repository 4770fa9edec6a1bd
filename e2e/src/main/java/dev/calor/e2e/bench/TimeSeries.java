package dev.calor.e2e.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count per second over a phase, e.g. readings queryable each second since the phase started: one line of a
 * throughput chart. Thread-safe while recording; {@link #perSecond()} is a copy.
 */
public final class TimeSeries {

    private final String name;
    private final long startNanos;
    private final AtomicLongArray counts;

    /** @param seconds how long the phase may last; counts after that land in the last second */
    public TimeSeries(String name, long startNanos, int seconds) {
        this.name = name;
        this.startNanos = startNanos;
        this.counts = new AtomicLongArray(Math.max(1, seconds));
    }

    public String name() {
        return name;
    }

    /** Counts {@code n} at {@code nanoTime} (a {@link System#nanoTime()} reading). */
    public void add(long nanoTime, long n) {
        long second = Math.max(0, (nanoTime - startNanos) / 1_000_000_000L);
        counts.addAndGet((int) Math.min(counts.length() - 1, second), n);
    }

    /** The counts of each second up to the last one that holds any. */
    public long[] perSecond() {
        int last = counts.length() - 1;
        while (last > 0 && counts.get(last) == 0) {
            last--;
        }
        long[] copy = new long[last + 1];
        for (int i = 0; i <= last; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    public long total() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }
}
