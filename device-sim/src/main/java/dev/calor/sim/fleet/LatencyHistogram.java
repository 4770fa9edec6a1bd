package dev.calor.sim.fleet;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of latencies in microseconds: 64 buckets per power of two, so every
 * recorded value is reported within 1.6 % of itself. Covers 1 µs to about 2^40 µs (12 days).
 */
public final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 7;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int MAGNITUDES = 40;

    private final AtomicLongArray counts = new AtomicLongArray((MAGNITUDES + 1) * SUB_BUCKETS);

    public void recordMicros(long micros) {
        counts.incrementAndGet(indexOf(Math.max(0, micros)));
    }

    public long count() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    /**
     * The smallest recorded bucket value such that at least {@code percentile} % of the values are at
     * or below it; 0 when nothing was recorded.
     */
    public long percentileMicros(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be in [0, 100]: " + percentile);
        }
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return highestValueOf(i);
            }
        }
        return highestValueOf(counts.length() - 1);
    }

    public long maxMicros() {
        for (int i = counts.length() - 1; i >= 0; i--) {
            if (counts.get(i) > 0) {
                return highestValueOf(i);
            }
        }
        return 0;
    }

    static int indexOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value) - SUB_BUCKET_BITS + 1;
        if (magnitude > MAGNITUDES) {
            return (MAGNITUDES + 1) * SUB_BUCKETS - 1;
        }
        // value >>> magnitude lies in [SUB_BUCKETS / 2, SUB_BUCKETS): the upper half of the row
        return magnitude * SUB_BUCKETS + (int) (value >>> magnitude);
    }

    static long highestValueOf(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int magnitude = index / SUB_BUCKETS;
        int sub = index % SUB_BUCKETS;
        long lower = ((long) sub) << magnitude;
        return lower + (1L << magnitude) - 1;
    }
}
