package dev.calor.worker.alert;

import java.util.Arrays;

/**
 * The usable core-equivalent readings of one time slot (a minute with the default rules, shorter when a
 * patient's windows are shorter), summarised: how many, the lowest, the highest and their median. The
 * newest slot keeps its raw values ({@code open}) until a reading of a later slot closes it; a closed slot
 * keeps only its summary, so a patient's window stays small at any sample rate. The open values are kept
 * in ascending order, as primitives (a state stored in arrival order is sorted when loaded): the median is
 * then the middle one and {@link Window#robustMean} merges them without sorting or unboxing.
 */
public record WindowBucket(long slot, int count, double minCelsius, double maxCelsius, double median, double[] open) {

    private static final double[] NONE = new double[0];

    public WindowBucket {
        open = open == null || open.length == 0 ? NONE : open.clone();
        if (!ascending(open)) {
            Arrays.sort(open);
        }
    }

    static WindowBucket of(long slot, double celsius) {
        return new WindowBucket(slot, 1, celsius, celsius, celsius, new double[] {celsius});
    }

    WindowBucket with(double celsius) {
        int at = 0;
        while (at < open.length && open[at] <= celsius) {
            at++;
        }
        double[] values = new double[open.length + 1];
        System.arraycopy(open, 0, values, 0, at);
        values[at] = celsius;
        System.arraycopy(open, at, values, at + 1, open.length - at);
        int n = values.length;
        double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        return new WindowBucket(
                slot, count + 1, Math.min(minCelsius, celsius), Math.max(maxCelsius, celsius), median, values);
    }

    WindowBucket closed() {
        return open.length == 0 ? this : new WindowBucket(slot, count, minCelsius, maxCelsius, median, NONE);
    }

    /** The open values, ascending (a copy; empty once the slot is closed). */
    @Override
    public double[] open() {
        return open.clone();
    }

    /** Number of open values, without copying them. */
    int openCount() {
        return open.length;
    }

    /** The {@code i}-th smallest open value. */
    double openValue(int i) {
        return open[i];
    }

    private static boolean ascending(double[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i - 1] > values[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowBucket b
                && slot == b.slot
                && count == b.count
                && Double.compare(minCelsius, b.minCelsius) == 0
                && Double.compare(maxCelsius, b.maxCelsius) == 0
                && Double.compare(median, b.median) == 0
                && Arrays.equals(open, b.open);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(slot) + Arrays.hashCode(open);
    }

    @Override
    public String toString() {
        return "WindowBucket[slot=" + slot + ", count=" + count + ", min=" + minCelsius + ", max=" + maxCelsius
                + ", median=" + median + ", open=" + Arrays.toString(open) + "]";
    }
}
